//! `POST /auth/logout-all`: every session of the caller ended.

use actix_web::{HttpResponse, post, web};

use crate::app::{self, logins};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

/// End every session of the caller, on every device.
///
/// Revokes all refresh tokens and invalidates all access tokens at once.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout_all",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session ended"),
    )
)]
#[post("/auth/logout-all")]
pub async fn logout_all(
    state: web::Data<AppState>,
    caller: Authenticated,
) -> Result<HttpResponse, ApiError> {
    app::as_caller(&state, caller.0, move |connection, signed| {
        connection
            .write_transaction(|connection| logins::end_all_sessions(connection, signed.member.id))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
