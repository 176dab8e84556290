//! Documents, the versions a published document went through, where each was published, and
//! who has opened and acknowledged which version.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::document::{DocumentKind, DocumentStatus};
use sotay_domain::ids::{DocumentId, MemberId, OrgId};
use sotay_domain::org::OrgPath;

use crate::connection::{DbConnection, MultiBackend};
use crate::schema::{document_reads, documents, organizations};

mod listing;
mod publications;
mod readership;
mod reads;
mod versions;

pub use listing::*;
pub use publications::*;
pub use readership::*;
pub use reads::*;
pub use versions::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = documents)]
pub struct DocumentRow {
    pub id: DocumentId,
    pub org_id: OrgId,
    pub kind: DocumentKind,
    pub code: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub title: String,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub structure: Option<String>,
    pub search_text: String,
    pub status: DocumentStatus,
    pub version: i32,
    pub created_by: Option<MemberId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    /// Where the document sits in lists, newest first: see [`document::list_key`].
    pub list_key: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = documents)]
pub struct NewDocument<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub kind: &'a str,
    pub code: &'a str,
    pub issuer: &'a str,
    pub issued_on: Option<NaiveDate>,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub body: Option<&'a str>,
    pub structure: Option<&'a str>,
    pub search_text: &'a str,
    pub status: &'a str,
    pub version: i32,
    pub created_by: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub list_key: &'a str,
}

/// A partial update; `None` leaves a column alone, `Some(None)` clears a nullable one.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = documents)]
pub struct DocumentChanges {
    pub kind: Option<String>,
    pub code: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<Option<NaiveDate>>,
    pub title: Option<String>,
    pub summary: Option<Option<String>>,
    pub body: Option<Option<String>>,
    pub structure: Option<Option<String>>,
    pub search_text: Option<String>,
    pub status: Option<String>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
    pub published_at: Option<Option<NaiveDateTime>>,
    pub list_key: Option<String>,
}

/// Takes the document's row lock (PostgreSQL) for the rest of the transaction, so that edits,
/// publications and archiving of one document happen one after another and each sees the
/// state the previous one left. SQLite's `BEGIN IMMEDIATE` already serialises writers.
pub fn lock(connection: &mut DbConnection, id: DocumentId) -> QueryResult<usize> {
    diesel::update(documents::table.find(id.to_string()))
        .set(documents::id.eq(documents::id))
        .execute(connection)
}

pub fn insert(connection: &mut DbConnection, document: &NewDocument<'_>) -> QueryResult<usize> {
    diesel::insert_into(documents::table)
        .values(document)
        .execute(connection)
}

pub fn find(connection: &mut DbConnection, id: DocumentId) -> QueryResult<Option<DocumentRow>> {
    documents::table
        .find(id.to_string())
        .select(DocumentRow::as_select())
        .first(connection)
        .optional()
}

/// The document with `id` and its owning organisation's path, in one statement.
pub fn find_with_owner(
    connection: &mut DbConnection,
    id: DocumentId,
) -> QueryResult<Option<(DocumentRow, OrgPath)>> {
    documents::table
        .inner_join(organizations::table.on(organizations::id.eq(documents::org_id)))
        .filter(documents::id.eq(id.to_string()))
        .select((DocumentRow::as_select(), organizations::path))
        .first(connection)
        .optional()
}

/// The document with `id`, its owner's path and `member_id`'s read of its current version, in
/// one statement: what reading a document needs before its publications.
pub fn find_for_reader(
    connection: &mut DbConnection,
    id: DocumentId,
    member_id: MemberId,
) -> QueryResult<Option<(DocumentRow, OrgPath, Option<ReadRow>)>> {
    documents::table
        .inner_join(organizations::table.on(organizations::id.eq(documents::org_id)))
        .left_join(
            document_reads::table.on(document_reads::document_id
                .eq(documents::id)
                .and(document_reads::version.eq(documents::version))
                .and(document_reads::member_id.eq(member_id.to_string()))),
        )
        .filter(documents::id.eq(id.to_string()))
        .select((
            DocumentRow::as_select(),
            organizations::path,
            Option::<ReadRow>::as_select(),
        ))
        .first(connection)
        .optional()
}

/// Whether another document of `org_id` carries `code`.
pub fn code_taken(
    connection: &mut DbConnection,
    org_id: OrgId,
    code: &str,
    except_id: Option<DocumentId>,
) -> QueryResult<bool> {
    let mut query = documents::table
        .filter(documents::org_id.eq(org_id.to_string()))
        .filter(documents::code.eq(code.to_owned()))
        .select(documents::id)
        .into_boxed::<MultiBackend>();
    if let Some(except_id) = except_id {
        query = query.filter(documents::id.ne(except_id.to_string()));
    }
    Ok(query.first::<String>(connection).optional()?.is_some())
}

pub fn update(
    connection: &mut DbConnection,
    id: DocumentId,
    changes: &DocumentChanges,
) -> QueryResult<usize> {
    diesel::update(documents::table.find(id.to_string()))
        .set(changes)
        .execute(connection)
}
