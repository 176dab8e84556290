//! Sessions, whom they invite and the documents they study; the roll and its history, members'
//! answers and the receipts of check-ins are in the modules below.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::{DocumentId, MemberId, OrgId, SessionId};
use sotay_domain::org::OrgPath;
use sotay_domain::session::{SessionKind, SessionMode, SessionState};

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::{documents, organizations, session_documents, session_orgs, sessions};

mod answers;
mod bulk;
mod expected;
mod history;
mod listing;
mod receipts;
mod roll;

pub use answers::*;
pub use bulk::*;
pub use expected::*;
pub use history::*;
pub use listing::*;
pub use receipts::*;
pub use roll::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: SessionId,
    pub kind: SessionKind,
    pub title: String,
    pub host_org_id: OrgId,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: Option<String>,
    pub mode: SessionMode,
    pub online_url: Option<String>,
    pub chair_id: Option<MemberId>,
    pub minute_taker_id: Option<MemberId>,
    pub makeup_of: Option<SessionId>,
    pub state: SessionState,
    pub late_after_minutes: i32,
    pub check_in_secret: String,
    pub created_by: Option<MemberId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Where the session sits in lists: see [`sotay_domain::session::list_key`].
    pub list_key: String,
}

/// A session as written: every column, typed values stored as text.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = sessions, treat_none_as_null = true)]
pub struct SessionRecord {
    #[diesel(serialize_as = String)]
    pub id: SessionId,
    #[diesel(serialize_as = String)]
    pub kind: SessionKind,
    pub title: String,
    #[diesel(serialize_as = String)]
    pub host_org_id: OrgId,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: Option<String>,
    #[diesel(serialize_as = String)]
    pub mode: SessionMode,
    pub online_url: Option<String>,
    pub chair_id: Option<String>,
    pub minute_taker_id: Option<String>,
    pub makeup_of: Option<String>,
    #[diesel(serialize_as = String)]
    pub state: SessionState,
    pub late_after_minutes: i32,
    pub check_in_secret: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub list_key: String,
}

impl From<SessionRow> for SessionRecord {
    fn from(row: SessionRow) -> Self {
        SessionRecord {
            id: row.id,
            kind: row.kind,
            title: row.title,
            host_org_id: row.host_org_id,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            location: row.location,
            mode: row.mode,
            online_url: row.online_url,
            chair_id: row.chair_id.map(String::from),
            minute_taker_id: row.minute_taker_id.map(String::from),
            makeup_of: row.makeup_of.map(String::from),
            state: row.state,
            late_after_minutes: row.late_after_minutes,
            check_in_secret: row.check_in_secret,
            created_by: row.created_by.map(String::from),
            created_at: row.created_at,
            updated_at: row.updated_at,
            list_key: row.list_key,
        }
    }
}

/// An invited organisation: its id, path and name.
#[derive(Debug, Clone, Queryable)]
pub struct InvitedOrg {
    pub id: OrgId,
    pub path: OrgPath,
    pub name: String,
}

/// A document a session studies, with when it was published.
#[derive(Debug, Clone, Queryable)]
pub struct Material {
    pub id: DocumentId,
    pub code: String,
    pub title: String,
    pub published_at: Option<NaiveDateTime>,
}

/// A session with its host's path and the organisations it invites: what every rule about it
/// needs.
#[derive(Debug, Clone)]
pub struct LoadedSession {
    pub row: SessionRow,
    pub host: OrgPath,
    pub invited: Vec<InvitedOrg>,
}

/// The session with `id`, its host's path and its invited organisations, in one statement.
pub fn find(connection: &mut DbConnection, id: SessionId) -> QueryResult<Option<LoadedSession>> {
    let invited_orgs = diesel::alias!(organizations as invited_orgs);
    let rows: Vec<(SessionRow, OrgPath, OrgId, OrgPath, String)> = sessions::table
        .inner_join(organizations::table.on(organizations::id.eq(sessions::host_org_id)))
        .inner_join(session_orgs::table.on(session_orgs::session_id.eq(sessions::id)))
        .inner_join(
            invited_orgs.on(invited_orgs
                .field(organizations::id)
                .eq(session_orgs::org_id)),
        )
        .filter(sessions::id.eq(id.to_string()))
        .order(invited_orgs.field(organizations::path).asc())
        .select((
            SessionRow::as_select(),
            organizations::path,
            invited_orgs.field(organizations::id),
            invited_orgs.field(organizations::path),
            invited_orgs.field(organizations::name),
        ))
        .load(connection)?;
    let mut rows = rows.into_iter();
    let Some((row, host, first_id, first_path, first_name)) = rows.next() else {
        return Ok(None);
    };
    let mut invited = vec![InvitedOrg {
        id: first_id,
        path: first_path,
        name: first_name,
    }];
    invited.extend(rows.map(|(_, _, id, path, name)| InvitedOrg { id, path, name }));
    Ok(Some(LoadedSession { row, host, invited }))
}

pub fn insert(connection: &mut DbConnection, session: &SessionRecord) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values(session.clone())
        .execute(connection)
}

pub fn update(connection: &mut DbConnection, session: &SessionRecord) -> QueryResult<usize> {
    diesel::update(sessions::table.find(session.id.to_string()))
        .set(session.clone())
        .execute(connection)
}

/// Replaces the invited organisations.
pub fn set_invited(
    connection: &mut DbConnection,
    session: SessionId,
    orgs: &[OrgId],
) -> QueryResult<()> {
    diesel::delete(session_orgs::table.filter(session_orgs::session_id.eq(session.to_string())))
        .execute(connection)?;
    let rows: Vec<_> = orgs
        .iter()
        .map(|org| {
            (
                session_orgs::session_id.eq(session.to_string()),
                session_orgs::org_id.eq(org.to_string()),
            )
        })
        .collect();
    on_each_backend!(connection, |inner| diesel::insert_into(session_orgs::table)
        .values(&rows)
        .execute(inner))?;
    Ok(())
}

/// Replaces the documents studied.
pub fn set_materials(
    connection: &mut DbConnection,
    session: SessionId,
    documents: &[DocumentId],
) -> QueryResult<()> {
    diesel::delete(
        session_documents::table.filter(session_documents::session_id.eq(session.to_string())),
    )
    .execute(connection)?;
    if documents.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = documents
        .iter()
        .map(|document| {
            (
                session_documents::session_id.eq(session.to_string()),
                session_documents::document_id.eq(document.to_string()),
            )
        })
        .collect();
    on_each_backend!(connection, |inner| diesel::insert_into(
        session_documents::table
    )
    .values(&rows)
    .execute(inner))?;
    Ok(())
}

/// The documents a session studies, by code.
pub fn materials(connection: &mut DbConnection, session: SessionId) -> QueryResult<Vec<Material>> {
    session_documents::table
        .inner_join(documents::table)
        .filter(session_documents::session_id.eq(session.to_string()))
        .order(documents::code.asc())
        .select((
            documents::id,
            documents::code,
            documents::title,
            documents::published_at,
        ))
        .load(connection)
}
