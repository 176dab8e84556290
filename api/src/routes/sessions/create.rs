//! `POST /sessions`: a new session, as a draft.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use super::dto::{CreateSessionRequest, SessionResponse};
use super::language_of;
use crate::app::{self, sessions::planning};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Plan a session.
///
/// Hosted by an organisation the caller manages, inviting organisations inside it (their whole
/// subtrees). It starts as a draft, seen by the host's managers only; `warnings` name the
/// guidance it does not meet (shorter than 90 minutes, 120 when combined; materials posted
/// less than a day before), which are not refused.
#[utoipa::path(
    tag = "sessions",
    operation_id = "create_session",
    security(("bearer" = [])),
    request_body = CreateSessionRequest,
    responses(
        (status = 201, description = "Created, as a draft", body = SessionResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new session's URL")),
            links(
                ("get_session" = (operation_id = "get_session", parameters(("id" = "$response.body#/id")))),
                ("update_session" = (operation_id = "update_session", parameters(("id" = "$response.body#/id")))),
                ("check_in_code" = (operation_id = "check_in_code", parameters(("id" = "$response.body#/id")))),
                ("answer_session" = (operation_id = "answer_session", parameters(("id" = "$response.body#/id")))),
                ("check_in" = (operation_id = "check_in", parameters(("id" = "$response.body#/id")))),
                ("session_roll" = (operation_id = "session_roll", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "The caller does not manage the host (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions")]
pub async fn create_session(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    request: HttpRequest,
    body: JsonBody<CreateSessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let plan = body.into_inner().into_plan()?;
    let secret = crate::auth::check_in_secret()?;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        planning::create(connection, signed, plan, secret, request_id.as_str())
    })
    .await?;
    let response = SessionResponse::whole(view, language_of(&request));
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/sessions/{}", response.id),
        ))
        .json(response))
}
