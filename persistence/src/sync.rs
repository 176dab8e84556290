//! What changed for a member in a window of time: the documents and sessions that reach them,
//! their own attendance, plans, reflections and notifications. Each collection is read in
//! (last change, id) order, so that a large window is read page by page without skipping or
//! repeating a row.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::document::DocumentStatus;
use sotay_domain::ids::MemberId;
use sotay_domain::session::SessionState;

use crate::campaigns::ReflectionRow;
use crate::connection::{DbConnection, MultiBackend};
use crate::documents::{DocumentRow, ReadRow};
use crate::notifications::feed::FeedRow;
use crate::plans::PlanRow;
use crate::schema::{
    action_plans, attendances, document_reads, document_targets, documents, members,
    notification_events, notifications, reflections, session_orgs, sessions, withdrawals,
};
use crate::sessions::{AttendanceRow, SessionRow};

/// One page of one collection: changes after `since` (every row when `None`) and at or before
/// `until`, after the row at `after` (its last change and id), at most `limit`.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    pub since: Option<NaiveDateTime>,
    pub until: NaiveDateTime,
    pub after: Option<(NaiveDateTime, &'a str)>,
    pub limit: i64,
}

/// Applies `window` to a boxed query over the change column `$at` and the id column `$id`.
macro_rules! windowed {
    ($query:expr, $at:expr, $id:expr, $window:expr) => {{
        let window: &Window<'_> = $window;
        let mut query = $query.filter($at.le(window.until));
        if let Some(since) = window.since {
            query = query.filter($at.gt(since));
        }
        if let Some((at, id)) = window.after {
            query = query.filter($at.gt(at).or($at.eq(at).and($id.gt(id.to_owned()))));
        }
        query.order(($at.asc(), $id.asc())).limit(window.limit)
    }};
}

/// Published documents (archived ones too, so a phone learns they were archived) published to
/// one of `reader_org_ids`.
pub fn documents(
    connection: &mut DbConnection,
    reader_org_ids: &[String],
    window: &Window<'_>,
) -> QueryResult<Vec<DocumentRow>> {
    let published_to_me = document_targets::table
        .filter(document_targets::org_id.eq_any(reader_org_ids.to_vec()))
        .select(document_targets::document_id);
    let query = documents::table
        .filter(documents::status.ne(DocumentStatus::Draft.as_str()))
        .filter(documents::id.eq_any(published_to_me))
        .select(DocumentRow::as_select())
        .into_boxed::<MultiBackend>();
    windowed!(query, documents::updated_at, documents::id, window).load(connection)
}

/// Announced sessions (cancelled ones too) inviting one of `reader_org_ids`.
pub fn sessions(
    connection: &mut DbConnection,
    reader_org_ids: &[String],
    window: &Window<'_>,
) -> QueryResult<Vec<SessionRow>> {
    let inviting_me = session_orgs::table
        .filter(session_orgs::org_id.eq_any(reader_org_ids.to_vec()))
        .select(session_orgs::session_id);
    let query = sessions::table
        .filter(sessions::state.ne(SessionState::Draft.as_str()))
        .filter(sessions::id.eq_any(inviting_me))
        .select(SessionRow::as_select())
        .into_boxed::<MultiBackend>();
    windowed!(query, sessions::updated_at, sessions::id, window).load(connection)
}

/// Which of `ids` are sessions `reader_org_ids` still reach (announced and inviting one).
pub fn sessions_reaching(
    connection: &mut DbConnection,
    reader_org_ids: &[String],
    ids: &[String],
) -> QueryResult<Vec<String>> {
    session_orgs::table
        .inner_join(sessions::table)
        .filter(session_orgs::org_id.eq_any(reader_org_ids.to_vec()))
        .filter(session_orgs::session_id.eq_any(ids.to_vec()))
        .filter(sessions::state.ne(SessionState::Draft.as_str()))
        .select(session_orgs::session_id)
        .distinct()
        .load(connection)
}

/// The member's own attendance entries.
pub fn attendance(
    connection: &mut DbConnection,
    member: MemberId,
    window: &Window<'_>,
) -> QueryResult<Vec<AttendanceRow>> {
    let query = attendances::table
        .filter(attendances::member_id.eq(member.to_string()))
        .select(AttendanceRow::as_select())
        .into_boxed::<MultiBackend>();
    windowed!(
        query,
        attendances::recorded_at,
        attendances::session_id,
        window
    )
    .load(connection)
}

/// The member's own reads of documents (opened, acknowledged).
pub fn reads(
    connection: &mut DbConnection,
    member: MemberId,
    window: &Window<'_>,
) -> QueryResult<Vec<ReadRow>> {
    let query = document_reads::table
        .filter(document_reads::member_id.eq(member.to_string()))
        .select(ReadRow::as_select())
        .into_boxed::<MultiBackend>();
    windowed!(
        query,
        document_reads::changed_at,
        document_reads::id,
        window
    )
    .load(connection)
}

/// The member's own action plans.
pub fn plans(
    connection: &mut DbConnection,
    member: MemberId,
    window: &Window<'_>,
) -> QueryResult<Vec<PlanRow>> {
    let query = action_plans::table
        .filter(action_plans::member_id.eq(member.to_string()))
        .select(PlanRow::as_select())
        .into_boxed::<MultiBackend>();
    windowed!(query, action_plans::updated_at, action_plans::id, window).load(connection)
}

/// The member's own reflections.
pub fn reflections(
    connection: &mut DbConnection,
    member: MemberId,
    window: &Window<'_>,
) -> QueryResult<Vec<ReflectionRow>> {
    let query = reflections::table
        .filter(reflections::member_id.eq(member.to_string()))
        .select(ReflectionRow::as_select())
        .into_boxed::<MultiBackend>();
    windowed!(query, reflections::updated_at, reflections::id, window).load(connection)
}

/// The member's notifications, created or read in the window.
pub fn notifications(
    connection: &mut DbConnection,
    member: MemberId,
    window: &Window<'_>,
) -> QueryResult<Vec<FeedRow>> {
    let query = notifications::table
        .inner_join(notification_events::table)
        .filter(notifications::member_id.eq(member.to_string()))
        .select(FeedRow::as_select())
        .into_boxed::<MultiBackend>();
    windowed!(
        query,
        notifications::updated_at,
        notifications::event_id,
        window
    )
    .load(connection)
}

/// Whether anything a sync reads changed for the member in (since, until]: one statement, so
/// that a phone asking every minute costs one probe when nothing did.
pub fn anything_changed(
    connection: &mut DbConnection,
    member: MemberId,
    reader_org_ids: &[String],
    since: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<bool> {
    use diesel::dsl::exists;
    let member = member.to_string();
    let readers = reader_org_ids.to_vec();
    let documents = documents::table
        .filter(documents::status.ne(DocumentStatus::Draft.as_str()))
        .filter(documents::updated_at.gt(since))
        .filter(documents::updated_at.le(until))
        .filter(
            documents::id.eq_any(
                document_targets::table
                    .filter(document_targets::org_id.eq_any(readers.clone()))
                    .select(document_targets::document_id),
            ),
        );
    let sessions = sessions::table
        .filter(sessions::state.ne(SessionState::Draft.as_str()))
        .filter(sessions::updated_at.gt(since))
        .filter(sessions::updated_at.le(until))
        .filter(
            sessions::id.eq_any(
                session_orgs::table
                    .filter(session_orgs::org_id.eq_any(readers.clone()))
                    .select(session_orgs::session_id),
            ),
        );
    let attendance = attendances::table
        .filter(attendances::member_id.eq(member.clone()))
        .filter(attendances::recorded_at.gt(since))
        .filter(attendances::recorded_at.le(until));
    let reads = document_reads::table
        .filter(document_reads::member_id.eq(member.clone()))
        .filter(document_reads::changed_at.gt(since))
        .filter(document_reads::changed_at.le(until));
    let plans = action_plans::table
        .filter(action_plans::member_id.eq(member.clone()))
        .filter(action_plans::updated_at.gt(since))
        .filter(action_plans::updated_at.le(until));
    let reflections = reflections::table
        .filter(reflections::member_id.eq(member.clone()))
        .filter(reflections::updated_at.gt(since))
        .filter(reflections::updated_at.le(until));
    let notifications = notifications::table
        .filter(notifications::member_id.eq(member.clone()))
        .filter(notifications::updated_at.gt(since))
        .filter(notifications::updated_at.le(until));
    let withdrawn = withdrawals::table
        .filter(withdrawals::org_id.eq_any(readers))
        .filter(withdrawals::at.gt(since));
    let moved = members::table
        .filter(members::id.eq(member))
        .filter(members::updated_at.gt(since));
    diesel::select(
        exists(documents)
            .or(exists(sessions))
            .or(exists(attendance))
            .or(exists(reads))
            .or(exists(plans))
            .or(exists(reflections))
            .or(exists(notifications))
            .or(exists(withdrawn))
            .or(exists(moved)),
    )
    .get_result(connection)
}

/// Whether the member's record changed after `since` (a move to another cell, an
/// attachment): what reaches them may have changed in ways a window of changes cannot show.
pub fn member_changed(
    connection: &mut DbConnection,
    member: MemberId,
    since: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        members::table
            .filter(members::id.eq(member.to_string()))
            .filter(members::updated_at.gt(since)),
    ))
    .get_result(connection)
}

/// Transactions open longer than this are not waited for: ours are bounded by the statement
/// timeout (15 s a statement), and a backup or a forgotten psql session must not hold every
/// phone's sync back.
const LONGEST_WAITED_TRANSACTION_SECS: i64 = 60;

/// The safe end of a window read now: the start of the oldest transaction of a client still
/// open on the database (one that wrote, or is running a statement), if it began before `now`
/// and less than a minute ago. A change written by such a transaction carries a time before
/// its commit, so a window ending at `now` would miss it for good once it commits; ending the
/// window before it, the next sync reads it. Read it before the snapshot the window is read
/// in: a writer committing in between is then either visible there or seen open here. SQLite
/// has one writer at a time, and the caller reads under its lock instead, so `now` is safe
/// there.
pub fn safe_until(connection: &mut DbConnection, now: NaiveDateTime) -> QueryResult<NaiveDateTime> {
    match connection {
        DbConnection::Postgresql(inner) => {
            let oldest: Option<NaiveDateTime> = diesel::sql_query(
                "SELECT min(xact_start AT TIME ZONE 'UTC') AS oldest FROM pg_stat_activity \
                 WHERE datname = current_database() AND pid <> pg_backend_pid() \
                 AND backend_type = 'client backend' AND xact_start IS NOT NULL \
                 AND (backend_xid IS NOT NULL OR state = 'active')",
            )
            .get_result::<Oldest>(inner)
            .map(|row| row.oldest)?;
            let waited_since = now - chrono::Duration::seconds(LONGEST_WAITED_TRANSACTION_SECS);
            Ok(oldest
                .filter(|oldest| *oldest > waited_since)
                .map_or(now, |oldest| oldest.min(now)))
        }
        DbConnection::Sqlite(_) => Ok(now),
    }
}

#[derive(QueryableByName)]
struct Oldest {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    oldest: Option<NaiveDateTime>,
}
