//! Who opened and acknowledged which version of a document.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as QueryError};
use sotay_domain::ids::{DocumentId, MemberId};

use crate::connection::DbConnection;
use crate::schema::document_reads;

/// A member's read of a version. (Its `changed_at`, what sync reads it by, is written beside
/// it by [`record_open`] and [`acknowledge`].)
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = document_reads)]
pub struct ReadRow {
    pub id: String,
    #[diesel(serialize_as = String)]
    pub document_id: DocumentId,
    #[diesel(serialize_as = String)]
    pub member_id: MemberId,
    pub version: i32,
    pub opened_at: NaiveDateTime,
    pub acknowledged_at: Option<NaiveDateTime>,
}

/// The member's reads of several documents, every version.
pub fn reads_of_member(
    connection: &mut DbConnection,
    member_id: MemberId,
    document_ids: &[DocumentId],
) -> QueryResult<Vec<ReadRow>> {
    let document_ids: Vec<String> = document_ids.iter().map(DocumentId::to_string).collect();
    document_reads::table
        .filter(document_reads::member_id.eq(member_id.to_string()))
        .filter(document_reads::document_id.eq_any(document_ids))
        .select(ReadRow::as_select())
        .load(connection)
}

/// The member's read of one version, if any.
pub fn read_of(
    connection: &mut DbConnection,
    document_id: DocumentId,
    member_id: MemberId,
    version: i32,
) -> QueryResult<Option<ReadRow>> {
    document_reads::table
        .filter(document_reads::document_id.eq(document_id.to_string()))
        .filter(document_reads::member_id.eq(member_id.to_string()))
        .filter(document_reads::version.eq(version))
        .select(ReadRow::as_select())
        .first(connection)
        .optional()
}

/// Records the first open of a version; later opens change nothing. Two first opens racing
/// each other both succeed: the second one's duplicate is ignored inside a savepoint.
pub fn record_open(connection: &mut DbConnection, read: &ReadRow) -> QueryResult<()> {
    if read_of(connection, read.document_id, read.member_id, read.version)?.is_some() {
        return Ok(());
    }
    let inserted = connection.transaction(|connection| {
        diesel::insert_into(document_reads::table)
            .values((read.clone(), document_reads::changed_at.eq(read.opened_at)))
            .execute(connection)
    });
    match inserted {
        Ok(_) | Err(QueryError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        Err(other) => Err(other),
    }
}

/// Marks an opened version acknowledged (once: the first time stays).
pub fn acknowledge(
    connection: &mut DbConnection,
    read_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        document_reads::table
            .find(read_id)
            .filter(document_reads::acknowledged_at.is_null()),
    )
    .set((
        document_reads::acknowledged_at.eq(Some(at)),
        document_reads::changed_at.eq(at),
    ))
    .execute(connection)
}
