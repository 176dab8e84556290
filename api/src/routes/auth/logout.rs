//! `POST /auth/logout`: a refresh token's family revoked.

use actix_web::{HttpResponse, post, web};
use secrecy::ExposeSecret;

use super::check_refresh_token;
use super::dto::RefreshRequest;
use crate::app::logins;
use crate::app::with_connection;
use crate::auth::RefreshToken;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::state::AppState;

/// Log out: revoke a refresh token (and its family).
///
/// Answers 204 whether or not the token was live, so that it reveals nothing. Access tokens
/// already issued expire on their own within 15 minutes; use `logout-all` to end them at once.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out"))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: JsonBody<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.refresh_token.expose_secret();
    check_refresh_token(token)?;
    let hash = RefreshToken::hash_of(token);
    with_connection(&state.pool, move |connection| {
        logins::log_out(connection, &hash)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
