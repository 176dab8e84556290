//! `PUT /me/password`: with the current one; every other session ends.

use actix_web::{put, web};
use secrecy::ExposeSecret;

use super::dto::ChangePasswordRequest;
use crate::app::{self, own_password};
use crate::auth::{Authenticated, PasswordCheck};
use crate::dto::tokens::TokenResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Change my password.
///
/// Needs the current password. Ends every other session of the caller and answers with a new
/// token pair for this one. Clears the "must change password" mark of a temporary password.
#[utoipa::path(
    tag = "me",
    operation_id = "change_my_password",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; a new token pair for this session", body = TokenResponse),
        (status = 422, description = "Wrong current password, or the new one breaks the rules (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Authenticated,
    request_id: RequestId,
    body: JsonBody<ChangePasswordRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.into_inner();
    // The stored hash, to check the current password against off the pool.
    let member = app::as_caller(&state, caller.0.clone(), |_, signed| {
        Ok(signed.member.clone())
    })
    .await?;
    let new_password = own_password::check_new(&member, new_password.expose_secret())?;
    if current_password.expose_secret().chars().count() > sotay_domain::password::MAX_LEN {
        return Err(own_password::wrong_current());
    }
    match state
        .hasher
        .verify(current_password, member.password_hash.clone())
        .await?
    {
        PasswordCheck::Wrong => return Err(own_password::wrong_current()),
        PasswordCheck::Right | PasswordCheck::RightWithUpgrade(_) => {}
    }
    let hash = state.hasher.hash(new_password.expose().into()).await?;
    // A second checkout after the hashing, which must not hold a connection; loading the
    // caller again also catches a session ended meanwhile.
    let tokens = state.clone();
    let response = app::as_caller(&state, caller.0, move |connection, _| {
        own_password::replace(
            connection,
            &tokens.tokens,
            &member,
            &hash,
            request_id.as_str(),
        )
    })
    .await?;
    Ok(web::Json(TokenResponse::try_from(response)?))
}
