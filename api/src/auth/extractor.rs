//! The bearer-token extractors. They check the token's signature and claims, and nothing else:
//! who the member is now (suspended? password changed? which positions?) is read on the
//! request's own database trip, by [`crate::app::as_caller`], in the statement that starts it.
//! A request without a valid token never reaches the pool.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use sotay_domain::ids::MemberId;

use crate::app::Credentials;
use crate::error::ApiError;
use crate::state::AppState;

/// A valid access token of a member who must already have changed a temporary password (403
/// `password_change_required` otherwise, once the member is loaded).
pub struct Caller(pub Credentials);

/// A valid access token, whether or not the member must change their password first: for
/// `/me`, the password change itself and logging out.
pub struct Authenticated(pub Credentials);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(credentials(request, false).map(Caller))
    }
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(credentials(request, true).map(Authenticated))
    }
}

fn credentials(
    request: &HttpRequest,
    temporary_password_allowed: bool,
) -> Result<Credentials, ApiError> {
    let token = bearer_token(request).ok_or(ApiError::Unauthorized)?;
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let claims = state
        .tokens
        .verify_access(token)
        .ok_or(ApiError::Unauthorized)?;
    // A subject that is not exactly an id this server writes was never issued by it.
    let member_id = MemberId::from_text(&claims.sub).ok_or(ApiError::Unauthorized)?;
    Ok(Credentials {
        member_id,
        session_epoch: claims.sep,
        temporary_password_allowed,
        session_family: claims.sid,
    })
}

/// `Authorization: Bearer <token>`, scheme case-insensitive (RFC 9110 §11.1).
fn bearer_token(request: &HttpRequest) -> Option<&str> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
