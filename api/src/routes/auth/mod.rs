//! Logging in and out, and rotating tokens. One endpoint per file.

pub mod dto;
pub mod login;
pub mod logout;
pub mod logout_all;
pub mod refresh;

use dto::MAX_REFRESH_TOKEN_LEN;

use sotay_domain::Invalid;

use crate::error::ApiError;

/// The schema's bounds on a refresh token, enforced: 1 to 128 characters.
pub(super) fn check_refresh_token(token: &str) -> Result<(), ApiError> {
    if token.is_empty() || token.chars().count() > MAX_REFRESH_TOKEN_LEN {
        return Err(ApiError::invalid(
            "refresh_token",
            Invalid::too_long(MAX_REFRESH_TOKEN_LEN),
        ));
    }
    Ok(())
}
