//! `POST /sessions/{id}/check-ins`: a member checks in with the code on the screen.

use actix_web::{post, web};

use super::dto::{CheckInRequest, CheckInResponse, one_code_required};
use crate::app::sessions::check_ins::{self, CheckIn, Presented};
use crate::app::{self};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Check in to a session.
///
/// With the QR token scanned or the six-digit code typed, while it is current (or up to a
/// minute after). Present, or late after the start and its grace, as of when the code was
/// shown. Safe to resend: the same `client_id` answers as the first time (`recorded` tells
/// whether this request changed the roll); the same `client_id` with another code is 422.
#[utoipa::path(
    tag = "sessions",
    operation_id = "check_in",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    request_body = CheckInRequest,
    responses(
        (status = 200, description = "Checked in (or already)", body = CheckInResponse),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller is not expected (`not_expected`); the session is not open (`not_open_for_check_in`) or the code is outside its window (`outside_window`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions/{id:[0-9a-fA-F-]+}/check-ins")]
pub async fn check_in_to_session(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<CheckInRequest>,
) -> Result<web::Json<CheckInResponse>, ApiError> {
    let body = body.into_inner();
    let presented = match (body.qr_token, body.text_code) {
        (Some(token), None) => Presented::QrToken(token),
        (None, Some(code)) => Presented::TextCode(code),
        _ => return Err(one_code_required()),
    };
    let check_in = CheckIn {
        session: id.into_inner(),
        presented,
        client_id: body.client_id,
    };
    let answer = app::as_caller(&state, caller.0, move |connection, signed| {
        check_ins::check_in(connection, signed, &check_in, request_id.as_str())
    })
    .await?;
    Ok(web::Json(answer.try_into()?))
}
