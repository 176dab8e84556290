//! What the reminder pass looks at: sessions about to start, required documents about to be
//! due, cells without a meeting this month, and which reminders were raised already.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use sotay_domain::document::DocumentStatus;
use sotay_domain::ids::{DocumentId, OrgId, SessionId};
use sotay_domain::org::{OrgKind, OrgPath};
use sotay_domain::session::{SessionKind, SessionState};

use crate::connection::DbConnection;
use crate::schema::{
    document_targets, documents, notification_events, organizations, session_orgs, sessions,
};

/// A session about to start, with the organisations it invites.
#[derive(Debug, Clone)]
pub struct Upcoming {
    pub id: SessionId,
    pub title: String,
    pub starts_at: NaiveDateTime,
    /// Changes when the session moves: a moved session is reminded of again.
    pub list_key: String,
    pub invited: Vec<OrgPath>,
}

/// Announced sessions (published or open) starting after `from` and at or before `to`.
pub fn sessions_starting(
    connection: &mut DbConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Upcoming>> {
    let rows: Vec<(SessionId, String, NaiveDateTime, String, OrgPath)> = sessions::table
        .inner_join(session_orgs::table.on(session_orgs::session_id.eq(sessions::id)))
        .inner_join(organizations::table.on(organizations::id.eq(session_orgs::org_id)))
        .filter(sessions::starts_at.gt(from))
        .filter(sessions::starts_at.le(to))
        .filter(sessions::state.eq_any([
            SessionState::Published.as_str(),
            SessionState::Open.as_str(),
        ]))
        .order((sessions::starts_at.asc(), sessions::id.asc()))
        .select((
            sessions::id,
            sessions::title,
            sessions::starts_at,
            sessions::list_key,
            organizations::path,
        ))
        .load(connection)?;
    let mut upcoming: Vec<Upcoming> = Vec::new();
    for (id, title, starts_at, list_key, path) in rows {
        match upcoming.last_mut() {
            Some(last) if last.id == id => last.invited.push(path),
            _ => upcoming.push(Upcoming {
                id,
                title,
                starts_at,
                list_key,
                invited: vec![path],
            }),
        }
    }
    Ok(upcoming)
}

/// A required publication of a published document, due soon.
#[derive(Debug, Clone, Queryable)]
pub struct DueTarget {
    pub target_id: String,
    pub org_path: OrgPath,
    pub due_on: Option<NaiveDate>,
    pub document_id: DocumentId,
    pub code: String,
    pub title: String,
    pub version: i32,
}

/// Required publications of published documents due from `from` to `to`.
pub fn targets_due(
    connection: &mut DbConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<DueTarget>> {
    document_targets::table
        .inner_join(documents::table)
        .inner_join(organizations::table)
        .filter(document_targets::required.eq(true))
        .filter(document_targets::due_on.ge(from))
        .filter(document_targets::due_on.le(to))
        .filter(documents::status.eq(DocumentStatus::Published.as_str()))
        .order(document_targets::id.asc())
        .select((
            document_targets::id,
            organizations::path,
            document_targets::due_on,
            documents::id,
            documents::code,
            documents::title,
            documents::version,
        ))
        .load(connection)
}

/// Cells with no regular meeting (regular or combined) announced, held or closed between
/// `from` and `until`.
pub fn cells_without_meeting(
    connection: &mut DbConnection,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Vec<(OrgId, String)>> {
    let met = sessions::table
        .filter(sessions::host_org_id.eq(organizations::id))
        .filter(sessions::kind.eq_any([
            SessionKind::Regular.as_str(),
            SessionKind::Combined.as_str(),
        ]))
        .filter(sessions::state.eq_any([
            SessionState::Published.as_str(),
            SessionState::Open.as_str(),
            SessionState::Closed.as_str(),
        ]))
        .filter(sessions::starts_at.ge(from))
        .filter(sessions::starts_at.lt(until));
    organizations::table
        .filter(
            organizations::kind.eq_any([OrgKind::Cell.as_str(), OrgKind::GrassrootsCell.as_str()]),
        )
        .filter(not(exists(met)))
        .order(organizations::path.asc())
        .select((organizations::id, organizations::name))
        .load(connection)
}

/// Which of `keys` were raised already.
pub fn raised(connection: &mut DbConnection, keys: &[String]) -> QueryResult<HashSet<String>> {
    let mut taken = HashSet::new();
    // Chunks: SQLite caps the parameters of one statement.
    for chunk in keys.chunks(500) {
        let found: Vec<Option<String>> = notification_events::table
            .filter(notification_events::dedupe_key.eq_any(chunk))
            .select(notification_events::dedupe_key)
            .load(connection)?;
        taken.extend(found.into_iter().flatten());
    }
    Ok(taken)
}
