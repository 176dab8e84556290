//! The roll: one entry per member and session, and every change made to it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::{MemberId, SessionId};
use sotay_domain::session::{AttendanceStatus, CheckInMethod};

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::{attendance_changes, attendances};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attendances)]
pub struct AttendanceRow {
    pub session_id: SessionId,
    pub member_id: MemberId,
    pub status: AttendanceStatus,
    pub method: CheckInMethod,
    pub checked_in_at: Option<NaiveDateTime>,
    pub reason: Option<String>,
    pub recorded_by: Option<MemberId>,
    pub recorded_at: NaiveDateTime,
}

/// An entry as written.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = attendances, treat_none_as_null = true)]
pub(super) struct AttendanceRecord {
    pub(super) session_id: String,
    member_id: String,
    status: &'static str,
    method: &'static str,
    checked_in_at: Option<NaiveDateTime>,
    reason: Option<String>,
    recorded_by: Option<String>,
    recorded_at: NaiveDateTime,
}

impl From<&AttendanceRow> for AttendanceRecord {
    fn from(row: &AttendanceRow) -> Self {
        AttendanceRecord {
            session_id: row.session_id.to_string(),
            member_id: row.member_id.to_string(),
            status: row.status.as_str(),
            method: row.method.as_str(),
            checked_in_at: row.checked_in_at,
            reason: row.reason.clone(),
            recorded_by: row.recorded_by.map(String::from),
            recorded_at: row.recorded_at,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = attendance_changes)]
pub struct AttendanceChangeRow {
    pub id: String,
    pub session_id: SessionId,
    pub member_id: MemberId,
    pub from_status: Option<AttendanceStatus>,
    pub to_status: AttendanceStatus,
    pub method: CheckInMethod,
    pub reason: Option<String>,
    pub changed_by: Option<MemberId>,
    pub changed_at: NaiveDateTime,
}

/// A change as written.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = attendance_changes)]
struct AttendanceChangeRecord {
    id: String,
    session_id: String,
    member_id: String,
    from_status: Option<&'static str>,
    to_status: &'static str,
    method: &'static str,
    reason: Option<String>,
    changed_by: Option<String>,
    changed_at: NaiveDateTime,
}

impl From<&AttendanceChangeRow> for AttendanceChangeRecord {
    fn from(row: &AttendanceChangeRow) -> Self {
        AttendanceChangeRecord {
            id: row.id.clone(),
            session_id: row.session_id.to_string(),
            member_id: row.member_id.to_string(),
            from_status: row.from_status.map(AttendanceStatus::as_str),
            to_status: row.to_status.as_str(),
            method: row.method.as_str(),
            reason: row.reason.clone(),
            changed_by: row.changed_by.map(String::from),
            changed_at: row.changed_at,
        }
    }
}

impl AttendanceChangeRow {
    /// The change that leads from `from` to the entry `to`.
    pub fn leading_to(from: Option<AttendanceStatus>, to: &AttendanceRow) -> Self {
        AttendanceChangeRow {
            id: uuid::Uuid::now_v7().to_string(),
            session_id: to.session_id,
            member_id: to.member_id,
            from_status: from,
            to_status: to.status,
            method: to.method,
            reason: to.reason.clone(),
            changed_by: to.recorded_by,
            changed_at: to.recorded_at,
        }
    }
}

/// The member's entry on the session's roll, if any.
pub fn entry(
    connection: &mut DbConnection,
    session: SessionId,
    member: MemberId,
) -> QueryResult<Option<AttendanceRow>> {
    attendances::table
        .find((session.to_string(), member.to_string()))
        .select(AttendanceRow::as_select())
        .first(connection)
        .optional()
}

/// Every entry of the session's roll.
pub fn entries(
    connection: &mut DbConnection,
    session: SessionId,
) -> QueryResult<Vec<AttendanceRow>> {
    attendances::table
        .filter(attendances::session_id.eq(session.to_string()))
        .select(AttendanceRow::as_select())
        .load(connection)
}

/// Writes a first entry; `false` when the member has one already (a check-in that raced this
/// one got there first, and this one must look again).
pub fn insert_entry_if_absent(
    connection: &mut DbConnection,
    entry: &AttendanceRow,
) -> QueryResult<bool> {
    let inserted = on_each_backend!(connection, |inner| diesel::insert_into(attendances::table)
        .values(AttendanceRecord::from(entry))
        .on_conflict_do_nothing()
        .execute(inner))?;
    Ok(inserted == 1)
}

/// Replaces an entry.
pub fn update_entry(connection: &mut DbConnection, entry: &AttendanceRow) -> QueryResult<usize> {
    diesel::update(
        attendances::table.find((entry.session_id.to_string(), entry.member_id.to_string())),
    )
    .set(AttendanceRecord::from(entry))
    .execute(connection)
}

/// Appends one change (a single-row insert: SQLite runs a batch as a savepoint of its own).
pub fn insert_change(
    connection: &mut DbConnection,
    change: &AttendanceChangeRow,
) -> QueryResult<()> {
    diesel::insert_into(attendance_changes::table)
        .values(AttendanceChangeRecord::from(change))
        .execute(connection)?;
    Ok(())
}

/// Appends many changes at once (closing a session).
pub fn insert_changes(
    connection: &mut DbConnection,
    changes: &[AttendanceChangeRow],
) -> QueryResult<()> {
    for chunk in changes.chunks(500) {
        let chunk: Vec<AttendanceChangeRecord> = chunk.iter().map(Into::into).collect();
        on_each_backend!(connection, |inner| diesel::insert_into(
            attendance_changes::table
        )
        .values(chunk)
        .execute(inner))?;
    }
    Ok(())
}

/// The changes to one member's entry, oldest first.
pub fn changes_of(
    connection: &mut DbConnection,
    session: SessionId,
    member: MemberId,
) -> QueryResult<Vec<AttendanceChangeRow>> {
    attendance_changes::table
        .filter(attendance_changes::session_id.eq(session.to_string()))
        .filter(attendance_changes::member_id.eq(member.to_string()))
        .order(attendance_changes::id.asc())
        .select(AttendanceChangeRow::as_select())
        .load(connection)
}

/// Who attended the session (present or late): for a make-up session, those not expected again.
pub fn attended(connection: &mut DbConnection, session: SessionId) -> QueryResult<Vec<MemberId>> {
    attendances::table
        .filter(attendances::session_id.eq(session.to_string()))
        .filter(attendances::status.eq_any([
            AttendanceStatus::Present.as_str(),
            AttendanceStatus::Late.as_str(),
        ]))
        .select(attendances::member_id)
        .load(connection)
}
