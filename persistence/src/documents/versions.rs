//! The published versions a document keeps.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::document::DocumentKind;
use sotay_domain::ids::DocumentId;

use crate::connection::DbConnection;
use crate::schema::document_versions;

use super::DocumentRow;

/// The content of one published version, kept when the next one is made.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = document_versions)]
pub struct VersionRow {
    pub id: String,
    #[diesel(serialize_as = String)]
    pub document_id: DocumentId,
    pub version: i32,
    #[diesel(serialize_as = String)]
    pub kind: DocumentKind,
    pub code: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub title: String,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub structure: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    /// The files the version carried, as JSON; `None` for versions kept before files were.
    pub attachments: Option<String>,
}

impl VersionRow {
    /// The document's current content as version row `id`, with `attachments` (JSON) the
    /// files it carries.
    pub fn of(
        document: &DocumentRow,
        id: String,
        created_by: Option<String>,
        attachments: Option<String>,
    ) -> Self {
        VersionRow {
            id,
            document_id: document.id,
            version: document.version,
            kind: document.kind,
            code: document.code.clone(),
            issuer: document.issuer.clone(),
            issued_on: document.issued_on,
            title: document.title.clone(),
            summary: document.summary.clone(),
            body: document.body.clone(),
            structure: document.structure.clone(),
            created_by,
            created_at: document.updated_at,
            attachments,
        }
    }
}

pub fn insert_version(connection: &mut DbConnection, version: &VersionRow) -> QueryResult<usize> {
    diesel::insert_into(document_versions::table)
        .values(version.clone())
        .execute(connection)
}

/// The published versions of a document, oldest first.
pub fn versions(
    connection: &mut DbConnection,
    document_id: DocumentId,
) -> QueryResult<Vec<VersionRow>> {
    document_versions::table
        .filter(document_versions::document_id.eq(document_id.to_string()))
        .order(document_versions::version.asc())
        .select(VersionRow::as_select())
        .load(connection)
}

pub fn version(
    connection: &mut DbConnection,
    document_id: DocumentId,
    version: i32,
) -> QueryResult<Option<VersionRow>> {
    document_versions::table
        .filter(document_versions::document_id.eq(document_id.to_string()))
        .filter(document_versions::version.eq(version))
        .select(VersionRow::as_select())
        .first(connection)
        .optional()
}
