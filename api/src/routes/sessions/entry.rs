//! `GET /sessions/{id}/attendance/{member_id}`: one entry of the roll and its history.

use actix_web::{get, web};

use super::dto::EntryResponse;
use crate::app::{self, sessions::roll};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// A member's entry on the roll, with every change made to it.
///
/// For the session's managers: who recorded it and how, and each correction (who, when, from
/// what, to what, why), oldest first.
#[utoipa::path(
    tag = "sessions",
    operation_id = "attendance_entry",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The session's id"),
        ("member_id" = String, Path, format = Uuid, description = "The member's id"),
    ),
    responses(
        (status = 200, description = "The entry (status null while unrecorded) and its history", body = EntryResponse),
        (status = 403, description = "The caller does not run the session (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The member is not invited and has no entry (`not_expected`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions/{id:[0-9a-fA-F-]+}/attendance/{member_id:[0-9a-fA-F-]+}")]
pub async fn attendance_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<web::Json<EntryResponse>, ApiError> {
    let (session_id, member_id) = path.into_inner();
    let history = app::as_caller(&state, caller.0, move |connection, signed| {
        roll::entry(connection, signed, &session_id, &member_id)
    })
    .await?;
    Ok(web::Json(EntryResponse::of(history)))
}
