//! Where a document was published, and on what terms.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::ids::{DocumentId, OrgId};
use sotay_domain::org::OrgPath;

use crate::connection::DbConnection;
use crate::schema::{document_targets, organizations};

/// One organisation a document was published to, with the organisation's path.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = document_targets)]
pub struct TargetRow {
    pub id: String,
    #[diesel(serialize_as = String)]
    pub document_id: DocumentId,
    #[diesel(serialize_as = String)]
    pub org_id: OrgId,
    pub required: bool,
    pub due_on: Option<NaiveDate>,
    pub published_by: Option<String>,
    pub published_at: NaiveDateTime,
}

/// The organisations a document is published to, with their paths.
pub fn targets(
    connection: &mut DbConnection,
    document_id: DocumentId,
) -> QueryResult<Vec<(TargetRow, OrgPath)>> {
    document_targets::table
        .inner_join(organizations::table)
        .filter(document_targets::document_id.eq(document_id.to_string()))
        .order(document_targets::id.asc())
        .select((TargetRow::as_select(), organizations::path))
        .load(connection)
}

/// The publications of several documents, with the organisations' paths: one query for a
/// whole page.
pub fn targets_of_many(
    connection: &mut DbConnection,
    document_ids: &[DocumentId],
) -> QueryResult<Vec<(TargetRow, OrgPath)>> {
    let document_ids: Vec<String> = document_ids.iter().map(DocumentId::to_string).collect();
    document_targets::table
        .inner_join(organizations::table)
        .filter(document_targets::document_id.eq_any(document_ids))
        .select((TargetRow::as_select(), organizations::path))
        .load(connection)
}

/// Publishes to one more organisation, or changes `required`/`due_on` where it already was.
/// Callers hold the document's lock (`lock`), so two publications cannot both insert.
pub fn upsert_target(connection: &mut DbConnection, target: &TargetRow) -> QueryResult<()> {
    let changed = diesel::update(
        document_targets::table
            .filter(document_targets::document_id.eq(target.document_id.to_string()))
            .filter(document_targets::org_id.eq(target.org_id.to_string())),
    )
    .set((
        document_targets::required.eq(target.required),
        document_targets::due_on.eq(target.due_on),
    ))
    .execute(connection)?;
    if changed == 0 {
        diesel::insert_into(document_targets::table)
            .values(target.clone())
            .execute(connection)?;
    }
    Ok(())
}
