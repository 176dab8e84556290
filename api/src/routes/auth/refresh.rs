//! `POST /auth/refresh`: a refresh token spent for a new pair.

use actix_web::{post, web};
use secrecy::ExposeSecret;

use super::check_refresh_token;
use super::dto::RefreshRequest;
use crate::app::logins;
use crate::app::with_connection;
use crate::auth::RefreshToken;
use crate::dto::tokens::TokenResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Exchange a refresh token for a new pair.
///
/// The refresh token is spent: using it again revokes every token of the same login (someone
/// else must have it). Of several concurrent calls with one token, exactly one succeeds.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = TokenResponse),
        (status = 401, description = "Unknown, spent, revoked or expired refresh token (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: JsonBody<RefreshRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let token = body.refresh_token.expose_secret();
    check_refresh_token(token)?;
    let hash = RefreshToken::hash_of(token);
    let state_for_tokens = state.clone();
    let issued = with_connection(&state.pool, move |connection| {
        logins::rotate(connection, &state_for_tokens.tokens, &hash)
    })
    .await?
    .ok_or(ApiError::Unauthorized)?;
    Ok(web::Json(TokenResponse::try_from(issued)?))
}
