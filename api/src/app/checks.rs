//! Checks shared by the use cases that take lists of references.

use sotay_domain::Invalid;

use crate::error::ApiError;

/// A list of ids of a length between `min` and `max`, or 422 on `field`.
pub fn count_between(field: &str, count: usize, min: usize, max: usize) -> Result<(), ApiError> {
    if (min..=max).contains(&count) {
        return Ok(());
    }
    Err(ApiError::invalid(
        field,
        Invalid::new(
            "count",
            format!("Chọn từ {min} đến {max} mục."),
            format!("Choose {min} to {max} items."),
        ),
    ))
}

/// A reference to something the caller may not see is 422 on the field that names it: the
/// body is wrong, not the URL.
pub fn not_found_as_invalid(error: ApiError, field: &str) -> ApiError {
    match error {
        ApiError::NotFound => ApiError::invalid(
            field,
            Invalid::new("not_found", "Không tìm thấy.", "Not found."),
        ),
        other => other,
    }
}
