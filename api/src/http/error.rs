//! The HTTP form of [`ApiError`]: status line, headers (`Allow`, `Retry-After`,
//! `WWW-Authenticate`) and the problem+json body.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use sotay_domain::Language;

use crate::error::ApiError;
use crate::http::problem::PROBLEM_CONTENT_TYPE;

/// Seconds a client should wait before retrying a 503.
const RETRY_AFTER_SECS: u32 = 5;

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(%cause, "request failed unexpectedly"),
            ApiError::DatabaseUnavailable(cause) => {
                tracing::warn!(%cause, "database unavailable");
            }
            _ => {}
        }
        let problem = self.localized();
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
        match self {
            ApiError::MethodNotAllowed { allowed } => {
                response.insert_header((header::ALLOW, allowed.as_str()));
            }
            ApiError::NotReady(_) | ApiError::DatabaseUnavailable(_) | ApiError::Overloaded => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS)));
            }
            ApiError::TooManyAttempts { retry_after_secs } => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from(*retry_after_secs)));
            }
            ApiError::Unauthorized => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        // The middleware rewrites this body in the caller's language with the request id; this
        // default only shows if an error escapes it.
        let body = serde_json::to_vec(&problem.render(Language::default(), None, None))
            .unwrap_or_default();
        let mut response = response.body(body);
        response.extensions_mut().insert(problem);
        response
    }
}
