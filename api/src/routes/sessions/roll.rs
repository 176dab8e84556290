//! `GET /sessions/{id}/attendance`: the roll, as the minutes need it; CSV for Excel.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::dto::{
    AttendanceStatusName, CheckInMethodName, MAX_ROLL_LINES, RollLineResponse, RollResponse,
    RsvpResponseName,
};
use crate::app::{self, sessions::roll};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::csv_download;
use crate::http::problem::Problem;
use crate::state::AppState;

/// The roll of a session.
///
/// For the session's managers: every member placed in the invited organisations (exempt
/// members listed apart, not counted) and anyone else recorded, by name, with status, time,
/// method and who recorded it; the counts the minutes need, and the absent named (with their
/// reasons); each list names the first 5,000 (`truncated`). With `Accept: text/csv`, the whole
/// list as an Excel-ready CSV (UTF-8 with BOM, CRLF).
#[utoipa::path(
    tag = "sessions",
    operation_id = "session_roll",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    responses(
        (status = 200, description = "The roll", body = RollResponse,
            content(
                (RollResponse = "application/json"),
                (crate::dto::CsvFile = "text/csv"),
            )),
        (status = 403, description = "The caller does not run the session (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions/{id:[0-9a-fA-F-]+}/attendance")]
pub async fn session_roll(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let as_csv = csv_download::wants_csv(&request);
    let roll = app::as_caller(&state, caller.0, move |connection, signed| {
        roll::roll(connection, signed, &id)
    })
    .await?;
    if as_csv {
        return csv_of(&RollResponse::of(&roll, usize::MAX).items);
    }
    Ok(HttpResponse::Ok().json(RollResponse::of(&roll, MAX_ROLL_LINES)))
}

fn csv_of(items: &[RollLineResponse]) -> Result<HttpResponse, ApiError> {
    let mut writer = csv_download::writer();
    writer
        .write_record([
            "card_number",
            "full_name",
            "party_status",
            "attached",
            "exempt",
            "status",
            "checked_in_at",
            "method",
            "recorded_by",
            "reason",
            "rsvp",
            "rsvp_reason",
        ])
        .map_err(ApiError::internal)?;
    let text = |value: Option<String>| value.unwrap_or_default();
    let yes_no = |flag: bool| if flag { "yes" } else { "no" }.to_owned();
    let name = |value: Option<&'static str>| value.unwrap_or_default().to_owned();
    for item in items {
        writer
            .write_record([
                item.card_number.clone(),
                item.full_name.clone(),
                item.party_status.clone(),
                yes_no(item.attached),
                yes_no(item.exempt),
                name(item.status.map(AttendanceStatusName::as_str)),
                text(item.checked_in_at.map(|at| at.to_rfc3339())),
                name(item.method.map(CheckInMethodName::as_str)),
                text(item.recorded_by_name.clone()),
                text(item.reason.clone()),
                name(item.rsvp.map(RsvpResponseName::as_str)),
                text(item.rsvp_reason.clone()),
            ])
            .map_err(ApiError::internal)?;
    }
    csv_download::attachment(writer, "attendance.csv")
}
