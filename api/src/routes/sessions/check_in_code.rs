//! `GET /sessions/{id}/check-in-code`: the rotating code to show, for the session's managers.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use sotay_domain::session::STEP_SECONDS;

use super::dto::CheckInCodeResponse;
use crate::app::{self, sessions::check_ins};
use crate::auth::Caller;
use crate::dto::utc;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// The check-in code to show now.
///
/// A QR token and a six-digit code, changing every 30 seconds and accepted a minute longer,
/// so the screen is fetched again at `valid_until`. Both are an HMAC of the session and the
/// time under a secret of the session's own: they prove a member saw the screen then. They do
/// not prevent a code passed on within that minute (read out over a call, a photo of the QR):
/// the roll, kept by the cell, remains the record. For the host's managers, while the session
/// is open and from an hour before its start to an hour after its end.
#[utoipa::path(
    tag = "sessions",
    operation_id = "check_in_code",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    responses(
        (status = 200, description = "The current code (never cached)", body = CheckInCodeResponse),
        (status = 403, description = "The caller does not run the session (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open for check-in (`not_open_for_check_in`), or outside its window (`outside_window`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions/{id:[0-9a-fA-F-]+}/check-in-code")]
pub async fn show_check_in_code(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let code = app::as_caller(&state, caller.0, move |connection, signed| {
        check_ins::current_code(connection, signed, &id)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CheckInCodeResponse {
            qr_token: code.qr_token,
            text_code: code.text_code,
            valid_until: utc(code.valid_until),
            step_seconds: STEP_SECONDS,
        }))
}
