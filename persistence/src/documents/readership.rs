//! Who a document's current version should reach in a subtree, and who has read it.

use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sotay_domain::ids::DocumentId;
use sotay_domain::member::ActivityStatus;
use sotay_domain::org::OrgPath;

use crate::connection::DbConnection;
use crate::members::MemberRow;
use crate::members::listing::{MemberCondition, placed_in};
use crate::schema::{document_reads, members};

/// Who should read a document in a subtree: active members (exempt ones are not counted)
/// placed inside `within` and reached by one of the document's publications. Each person
/// once, however many ways they are reached.
fn expected_readers(within: &OrgPath, published_to: &[OrgPath]) -> MemberCondition {
    let mut reached: MemberCondition = Box::new(false.into_sql::<Bool>());
    for target in published_to {
        reached = Box::new(reached.or(placed_in(target)));
    }
    Box::new(
        placed_in(within)
            .and(members::activity_status.eq(ActivityStatus::Active.as_str()))
            .and(reached),
    )
}

/// How many should read version `version` of a document in a subtree, how many opened it,
/// and how many acknowledged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readership {
    pub expected: i64,
    pub opened: i64,
    pub acknowledged: i64,
}

pub fn readership(
    connection: &mut DbConnection,
    document_id: DocumentId,
    version: i32,
    within: &OrgPath,
    published_to: &[OrgPath],
) -> QueryResult<Readership> {
    let reads = || {
        document_reads::table
            .filter(document_reads::document_id.eq(document_id.to_string()))
            .filter(document_reads::version.eq(version))
    };
    let expected = members::table
        .filter(expected_readers(within, published_to))
        .select(count_star())
        .first(connection)?;
    let opened = members::table
        .filter(expected_readers(within, published_to))
        .filter(members::id.eq_any(reads().select(document_reads::member_id)))
        .select(count_star())
        .first(connection)?;
    let acknowledged = members::table
        .filter(expected_readers(within, published_to))
        .filter(
            members::id.eq_any(
                reads()
                    .filter(document_reads::acknowledged_at.is_not_null())
                    .select(document_reads::member_id),
            ),
        )
        .select(count_star())
        .first(connection)?;
    Ok(Readership {
        expected,
        opened,
        acknowledged,
    })
}

/// The expected readers who have not acknowledged the version yet, by cell and name, at most
/// `limit`; with whether each has opened it.
pub fn pending_readers(
    connection: &mut DbConnection,
    document_id: DocumentId,
    version: i32,
    within: &OrgPath,
    published_to: &[OrgPath],
    limit: i64,
) -> QueryResult<Vec<(MemberRow, bool)>> {
    let acknowledged = document_reads::table
        .filter(document_reads::document_id.eq(document_id.to_string()))
        .filter(document_reads::version.eq(version))
        .filter(document_reads::acknowledged_at.is_not_null())
        .select(document_reads::member_id);
    let pending: Vec<MemberRow> = members::table
        .filter(expected_readers(within, published_to))
        .filter(diesel::dsl::not(members::id.eq_any(acknowledged)))
        .order((
            members::org_path.asc(),
            members::search_name.asc(),
            members::id.asc(),
        ))
        .limit(limit)
        .select(MemberRow::as_select())
        .load(connection)?;
    // Every opener of the version, not an `IN` list of the pending: SQLite caps the number
    // of bound parameters, and a subtree may have tens of thousands pending.
    let opened: std::collections::HashSet<sotay_domain::ids::MemberId> = document_reads::table
        .filter(document_reads::document_id.eq(document_id.to_string()))
        .filter(document_reads::version.eq(version))
        .select(document_reads::member_id)
        .load(connection)?
        .into_iter()
        .collect();
    Ok(pending
        .into_iter()
        .map(|member| {
            let has_opened = opened.contains(&member.id);
            (member, has_opened)
        })
        .collect())
}
