//! Files attached to documents. Lists and checks read the description only; the content is
//! read when a file is downloaded, and nowhere else.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use sotay_domain::ids::{AttachmentId, DocumentId};

use crate::connection::DbConnection;
use crate::schema::document_attachments;

/// An attachment without its content.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = document_attachments)]
pub struct AttachmentRow {
    pub id: AttachmentId,
    pub document_id: DocumentId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: Option<String>,
    pub uploaded_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = document_attachments)]
pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub document_id: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: Option<&'a str>,
    pub uploaded_at: NaiveDateTime,
}

pub fn insert(connection: &mut DbConnection, attachment: &NewAttachment<'_>) -> QueryResult<usize> {
    diesel::insert_into(document_attachments::table)
        .values(attachment)
        .execute(connection)
}

/// The document's attachments, in upload order.
pub fn of_document(
    connection: &mut DbConnection,
    document_id: DocumentId,
) -> QueryResult<Vec<AttachmentRow>> {
    document_attachments::table
        .filter(document_attachments::document_id.eq(document_id.to_string()))
        .order(document_attachments::id.asc())
        .select(AttachmentRow::as_select())
        .load(connection)
}

pub fn count_of_document(
    connection: &mut DbConnection,
    document_id: DocumentId,
) -> QueryResult<i64> {
    document_attachments::table
        .filter(document_attachments::document_id.eq(document_id.to_string()))
        .select(count_star())
        .first(connection)
}

/// The attachment `id` of the document `document_id`, without its content.
pub fn find(
    connection: &mut DbConnection,
    document_id: DocumentId,
    id: AttachmentId,
) -> QueryResult<Option<AttachmentRow>> {
    document_attachments::table
        .filter(document_attachments::id.eq(id.to_string()))
        .filter(document_attachments::document_id.eq(document_id.to_string()))
        .select(AttachmentRow::as_select())
        .first(connection)
        .optional()
}

pub fn content(connection: &mut DbConnection, id: AttachmentId) -> QueryResult<Option<Vec<u8>>> {
    document_attachments::table
        .find(id.to_string())
        .select(document_attachments::content)
        .first(connection)
        .optional()
}

pub fn delete(connection: &mut DbConnection, id: AttachmentId) -> QueryResult<usize> {
    diesel::delete(document_attachments::table.find(id.to_string())).execute(connection)
}
