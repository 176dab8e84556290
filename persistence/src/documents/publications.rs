//! Where a document was published, and on what terms.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::schema::{document_targets, organizations};

/// One organisation a document was published to, with the organisation's path.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = document_targets)]
pub struct TargetRow {
    pub id: String,
    pub document_id: String,
    pub org_id: String,
    pub required: bool,
    pub due_on: Option<NaiveDate>,
    pub published_by: Option<String>,
    pub published_at: NaiveDateTime,
}

/// The organisations a document is published to, with their paths.
pub fn targets(
    connection: &mut DbConnection,
    document_id: &str,
) -> QueryResult<Vec<(TargetRow, String)>> {
    document_targets::table
        .inner_join(organizations::table)
        .filter(document_targets::document_id.eq(document_id.to_owned()))
        .order(document_targets::id.asc())
        .select((TargetRow::as_select(), organizations::path))
        .load(connection)
}

/// The publications of several documents, with the organisations' paths: one query for a
/// whole page.
pub fn targets_of_many(
    connection: &mut DbConnection,
    document_ids: &[String],
) -> QueryResult<Vec<(TargetRow, String)>> {
    document_targets::table
        .inner_join(organizations::table)
        .filter(document_targets::document_id.eq_any(document_ids.to_vec()))
        .select((TargetRow::as_select(), organizations::path))
        .load(connection)
}

/// Publishes to one more organisation, or changes `required`/`due_on` where it already was.
/// Callers hold the document's lock (`lock`), so two publications cannot both insert.
pub fn upsert_target(connection: &mut DbConnection, target: &TargetRow) -> QueryResult<()> {
    let changed = diesel::update(
        document_targets::table
            .filter(document_targets::document_id.eq(target.document_id.clone()))
            .filter(document_targets::org_id.eq(target.org_id.clone())),
    )
    .set((
        document_targets::required.eq(target.required),
        document_targets::due_on.eq(target.due_on),
    ))
    .execute(connection)?;
    if changed == 0 {
        diesel::insert_into(document_targets::table)
            .values(target)
            .execute(connection)?;
    }
    Ok(())
}
