//! `PUT /sessions/{id}/attendance/{member_id}`: mark a member on the roll, or correct an entry.

use actix_web::{put, web};

use super::dto::{EntryResponse, MarkRequest};
use crate::app::{self, sessions::roll};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Mark a member on the roll, or correct an entry.
///
/// By the session's managers, once it is open (and after it is closed: the minutes are
/// corrected, never rewritten unseen). An excused absence, and every change to an entry,
/// needs a reason. Nothing is overwritten: `history` keeps who changed what, when, from what
/// and why, and the audit trail records it too. Marking what the entry already says changes
/// nothing.
#[utoipa::path(
    tag = "sessions",
    operation_id = "mark_attendance",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The session's id"),
        ("member_id" = String, Path, format = Uuid, description = "The member's id"),
    ),
    request_body = MarkRequest,
    responses(
        (status = 200, description = "The entry and its history", body = EntryResponse),
        (status = 403, description = "The caller does not run the session (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The member is not invited (`not_expected`); the session is not open yet (`roll_not_started`); the entry was recorded meanwhile (`changed_meanwhile`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sessions/{id:[0-9a-fA-F-]+}/attendance/{member_id:[0-9a-fA-F-]+}")]
pub async fn mark_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    path: web::Path<(String, String)>,
    body: JsonBody<MarkRequest>,
) -> Result<web::Json<EntryResponse>, ApiError> {
    let (session_id, member_id) = path.into_inner();
    let body = body.into_inner();
    let reason = body.reason()?;
    let status = body.status.into();
    let history = app::as_caller(&state, caller.0, move |connection, signed| {
        roll::mark(
            connection,
            signed,
            &session_id,
            &member_id,
            status,
            reason,
            request_id.as_str(),
        )
    })
    .await?;
    Ok(web::Json(EntryResponse::of(history)))
}
