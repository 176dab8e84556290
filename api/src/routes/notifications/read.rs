//! `POST /me/notifications/{id}/read`: one notification read.

use actix_web::{post, web};

use crate::app::{self, notifications::feed};
use crate::auth::Caller;
use crate::dto::notifications::NotificationResponse;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Mark one of my notifications read.
///
/// Reading it again changes nothing (it keeps its first reading). Another member's
/// notification answers 404, as one that does not exist.
#[utoipa::path(
    tag = "phone",
    operation_id = "read_notification",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The notification's id")),
    responses(
        (status = 200, description = "The notification, read", body = NotificationResponse),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notifications/{id:[0-9a-fA-F-]+}/read")]
pub async fn read_notification(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<NotificationResponse>, ApiError> {
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        feed::mark_read(connection, signed, &id)
    })
    .await?;
    Ok(web::Json(row.into()))
}
