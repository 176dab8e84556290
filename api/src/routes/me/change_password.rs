//! `PUT /me/password`: with the current one; every other session ends.

use actix_web::{put, web};
use secrecy::ExposeSecret;
use sotay_domain::Invalid;
use sotay_domain::password::Password;
use sotay_persistence::members;

use super::dto::ChangePasswordRequest;
use crate::app::audit::{self, Event};
use crate::app::{self, sessions};
use crate::auth::{Authenticated, PasswordCheck};
use crate::dto::sessions::TokenResponse;
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
    let personal: Vec<&str> = [Some(member.card_number.as_str()), member.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let new_password = Password::parse(new_password.expose_secret(), &personal)
        .map_err(|invalid| ApiError::invalid("new_password", invalid))?;
    if current_password.expose_secret().chars().count() > sotay_domain::password::MAX_LEN {
        return Err(ApiError::invalid("current_password", wrong_password()));
    }
    match state
        .hasher
        .verify(current_password, member.password_hash.clone())
        .await?
    {
        PasswordCheck::Wrong => {
            return Err(ApiError::invalid("current_password", wrong_password()));
        }
        PasswordCheck::Right | PasswordCheck::RightWithUpgrade(_) => {}
    }
    let hash = state.hasher.hash(new_password.expose().into()).await?;

    let state_for_tokens = state.clone();
    let response = app::as_caller(&state, caller.0, move |connection, _| {
        connection.write_transaction(|connection| {
            members::set_password(connection, member.id, &hash, false)?;
            sessions::end_all_sessions(connection, member.id)?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(&member.id.to_string()),
                    action: "member.password_changed",
                    object_type: "member",
                    object_id: &member.id,
                    org_id: Some(&member.org_id),
                    before: None,
                    after: None,
                    request_id: Some(request_id.as_str()),
                },
            )?;
            let member = members::find(connection, member.id)?.ok_or(ApiError::Unauthorized)?;
            sessions::start_session(&state_for_tokens.tokens, connection, member)
        })
    })
    .await?;
    Ok(web::Json(TokenResponse::try_from(response)?))
}

fn wrong_password() -> Invalid {
    Invalid::new(
        "wrong_password",
        "Mật khẩu hiện tại không đúng.",
        "The current password is wrong.",
    )
}
