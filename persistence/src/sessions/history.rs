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
    pub entry: AttendanceRow,
}

/// One page of the member's entries, newest session first, after `(starts_at, id)`.
pub fn history_of(
    connection: &mut DbConnection,
    member: MemberId,
    after: Option<(NaiveDateTime, SessionId)>,
    limit: i64,
) -> QueryResult<Vec<HistoryRow>> {
    let mut query = attendances::table
        .inner_join(sessions::table.on(sessions::id.eq(attendances::session_id)))
        .filter(attendances::member_id.eq(member.to_string()))
        .order((sessions::starts_at.desc(), sessions::id.desc()))
        .limit(limit)
        .select((
            sessions::id,
            sessions::kind,
            sessions::title,
            sessions::starts_at,
            AttendanceRow::as_select(),
        ))
        .into_boxed();
    if let Some((starts_at, id)) = after {
        query = query.filter(
            sessions::starts_at.lt(starts_at).or(sessions::starts_at
                .eq(starts_at)
                .and(sessions::id.lt(id.to_string()))),
        );
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
