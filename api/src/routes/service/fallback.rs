use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::state::AppState;

/// Answers every request no route took: 405 when the path exists with other methods, else 404.
///
/// actix's method-specific routes (`#[get]`) simply do not match other methods, so without this
/// a wrong method would look like a missing page.
pub async fn fallback(
    request: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let allowed = state.routes.allowed_methods(request.path());
    if allowed.is_empty() || allowed.contains(request.method()) {
        Err(ApiError::NotFound)
    } else {
        let allowed = allowed
            .iter()
            .map(actix_web::http::Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        Err(ApiError::MethodNotAllowed { allowed })
    }
}
