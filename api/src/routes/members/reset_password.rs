//! `POST /members/{id}/password-reset`: a temporary password, given or generated.

use actix_web::{post, web};
use secrecy::ExposeSecret;
use sotay_domain::password::Password;

use super::dto::{PasswordResetRequest, PasswordResetResponse};
use crate::app::{self, members::passwords};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Give a member a temporary password.
///
/// The member must change it at their next login; all their sessions end now. Without a
/// `temporary_password` in the body, one is generated and returned (once).
#[utoipa::path(
    tag = "members",
    operation_id = "reset_member_password",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    request_body = PasswordResetRequest,
    responses(
        (status = 200, description = "The temporary password", body = PasswordResetResponse),
        (status = 403, description = "The caller does not manage the member (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The given password breaks the rules (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/{id:[0-9a-fA-F-]+}/password-reset")]
pub async fn reset_password(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<PasswordResetRequest>,
) -> Result<web::Json<PasswordResetResponse>, ApiError> {
    let target = app::as_caller(&state, caller.0.clone(), move |connection, signed| {
        passwords::reset_target(connection, &signed.caller, &id)
    })
    .await?;
    let personal: Vec<&str> = [Some(target.card_number.as_str()), target.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let temporary = match &body.temporary_password {
        Some(raw) => Password::parse(raw.expose_secret(), &personal)
            .map_err(|invalid| ApiError::invalid("temporary_password", invalid))?,
        None => passwords::generate_temporary_password()?,
    };
    let hash = state.hasher.hash(temporary.expose().into()).await?;
    app::as_caller(&state, caller.0, move |connection, signed| {
        passwords::set_temporary(connection, signed, &target, &hash, request_id.as_str())
    })
    .await?;
    Ok(web::Json(PasswordResetResponse {
        temporary_password: temporary.expose().to_owned(),
    }))
}
