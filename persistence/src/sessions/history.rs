//! A member's attendance across sessions, newest first: what removal proceedings look at
//! (three unexcused absences in a year, QĐ 24-QĐ/TW).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::{MemberId, SessionId};
use sotay_domain::session::{AttendanceStatus, SessionKind};

use super::AttendanceRow;
use crate::connection::DbConnection;
use crate::schema::{attendances, sessions};

/// One session of a member's history.
#[derive(Debug, Clone, Queryable)]
pub struct HistoryRow {
    pub session_id: SessionId,
    pub kind: SessionKind,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub list_key: String,
    pub entry: AttendanceRow,
}

/// One page of the member's entries, newest session first, after the list key `after`.
pub fn history_of(
    connection: &mut DbConnection,
    member: MemberId,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<HistoryRow>> {
    let mut query = attendances::table
        .inner_join(sessions::table.on(sessions::id.eq(attendances::session_id)))
        .filter(attendances::member_id.eq(member.to_string()))
        .order(sessions::list_key.desc())
        .limit(limit)
        .select((
            sessions::id,
            sessions::kind,
            sessions::title,
            sessions::starts_at,
            sessions::list_key,
            AttendanceRow::as_select(),
        ))
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(sessions::list_key.lt(after.to_owned()));
    }
    query.load(connection)
}

/// How many sessions starting at or after `since` the member missed without a reason.
pub fn unexcused_since(
    connection: &mut DbConnection,
    member: MemberId,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    attendances::table
        .inner_join(sessions::table.on(sessions::id.eq(attendances::session_id)))
        .filter(attendances::member_id.eq(member.to_string()))
        .filter(attendances::status.eq(AttendanceStatus::AbsentUnexcused.as_str()))
        .filter(sessions::starts_at.ge(since))
        .count()
        .get_result(connection)
}
