//! `DELETE /me/devices/{id}`: a phone forgotten.

use actix_web::{HttpResponse, delete, web};

use crate::app::{self, notifications::devices};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Forget one of my phones: it is pushed nothing more.
///
/// Another member's phone answers 404, as one that does not exist.
#[utoipa::path(
    tag = "phone",
    operation_id = "forget_device",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The device's id")),
    responses(
        (status = 204, description = "Forgotten"),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/devices/{id:[0-9a-fA-F-]+}")]
pub async fn forget_device(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::as_caller(&state, caller.0, move |connection, signed| {
        devices::forget(connection, signed, &id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
