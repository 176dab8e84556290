//! `GET /members/{id}/attendance`: a member's attendance across sessions.

use actix_web::{get, web};

use super::dto::{MemberAttendanceItem, MemberAttendanceResponse};
use crate::app::{self, sessions::history};
use crate::auth::Caller;
use crate::dto::utc;
use crate::error::ApiError;
use crate::http::pagination::{PageQuery, key_cursor};
use crate::http::problem::Problem;
use crate::state::AppState;

/// A member's attendance, newest session first.
///
/// With the number of sessions of the last twelve months missed without a reason (three in a
/// year lead to removal proceedings, QĐ 24-QĐ/TW). For the member and those who manage them.
#[utoipa::path(
    tag = "sessions",
    operation_id = "member_attendance",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id"), PageQuery),
    responses(
        (status = 200, description = "One page, newest first", body = MemberAttendanceResponse),
        (status = 403, description = "Only the member and those who manage them read it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members/{id:[0-9a-fA-F-]+}/attendance")]
pub async fn list_member_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<MemberAttendanceResponse>, ApiError> {
    let page = page.checked()?;
    let after = page.after_key();
    let fetch_limit = page.fetch_limit();
    let mut found = app::as_caller(&state, caller.0, move |connection, signed| {
        history::of_member(connection, signed, &id, after.as_deref(), fetch_limit)
    })
    .await?;
    let rows = std::mem::take(&mut found.rows);
    let page = page.page(
        rows,
        |row| key_cursor(&row.list_key),
        |row| MemberAttendanceItem {
            session_id: row.session_id.to_string(),
            kind: row.kind.into(),
            title: row.title,
            starts_at: utc(row.starts_at),
            status: row.entry.status.into(),
            method: row.entry.method.into(),
            checked_in_at: row.entry.checked_in_at.map(utc),
            reason: row.entry.reason,
        },
    );
    Ok(web::Json(MemberAttendanceResponse::of(found, page)))
}
