//! `PATCH /sessions/{id}`: change a session's details, or move its state.

use actix_web::{HttpRequest, patch, web};

use super::dto::{SessionResponse, UpdateSessionRequest};
use super::language_of;
use crate::app::{self, sessions::planning};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Change a session, or move its state.
///
/// By the host's managers. Details change until the session is closed. The state moves
/// forward only: `draft` → `published` → `open` (check-in works) → `closed`; closing marks
/// every expected member nobody accounted for as absent (excused, with the reason, when they
/// sent an apology).
#[utoipa::path(
    tag = "sessions",
    operation_id = "update_session",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    request_body = UpdateSessionRequest,
    responses(
        (status = 200, description = "The session, changed", body = SessionResponse),
        (status = 403, description = "The caller does not run the session (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A closed session's details (`session_closed`); a move backwards (`state_backwards`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/sessions/{id:[0-9a-fA-F-]+}")]
pub async fn update_session(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    request: HttpRequest,
    id: web::Path<String>,
    body: JsonBody<UpdateSessionRequest>,
) -> Result<web::Json<SessionResponse>, ApiError> {
    let changes = body.into_inner().into_changes()?;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        planning::update(connection, signed, &id, changes, request_id.as_str())
    })
    .await?;
    Ok(web::Json(SessionResponse::whole(
        view,
        language_of(&request),
    )))
}
