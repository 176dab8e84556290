//! `PUT /sessions/{id}/rsvp`: the caller's answer to an invitation.

use actix_web::{HttpRequest, put, web};

use super::dto::{RsvpRequest, SessionResponse};
use super::language_of;
use crate::app::{self, sessions::answers};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Answer an invitation: attending, or an apology (báo vắng) with its reason.
///
/// By an expected member, while the session is published or open and not over; a later answer
/// replaces an earlier one. Closing the session records an apology as an excused absence.
#[utoipa::path(
    tag = "sessions",
    operation_id = "answer_session",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    request_body = RsvpRequest,
    responses(
        (status = 200, description = "The session, with the answer", body = SessionResponse),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller is not expected (`not_expected`); the session is not announced or is over (`not_answerable`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sessions/{id:[0-9a-fA-F-]+}/rsvp")]
pub async fn answer_session(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    request: HttpRequest,
    id: web::Path<String>,
    body: JsonBody<RsvpRequest>,
) -> Result<web::Json<SessionResponse>, ApiError> {
    let body = body.into_inner();
    let reason = body.reason()?;
    let response = body.response.into();
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        answers::answer(
            connection,
            signed,
            &id,
            response,
            reason,
            request_id.as_str(),
        )
    })
    .await?;
    Ok(web::Json(SessionResponse::whole(
        view,
        language_of(&request),
    )))
}
