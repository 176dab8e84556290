//! The bridge from a resolution to members' work in a subtree: for each target, program and
//! breakthrough, the items serving it and their computed progress; who has no plan handed in;
//! the items past due.

use chrono::Datelike;
use sotay_domain::access;
use sotay_domain::document::Structure;
use sotay_persistence::documents::DocumentRow;
use sotay_persistence::orgs::OrgRow;
use sotay_persistence::plans::{self, ItemRow, LinkTally, RollupScope};
use sotay_persistence::sessions::RollMember;
use sotay_persistence::{DbConnection, clock, stored};

use crate::app::documents::visible_document;
use crate::app::orgs::referenced_org;
use crate::error::ApiError;

pub struct Rollup {
    pub document: DocumentRow,
    pub structure: Structure,
    pub org: OrgRow,
    pub year: i32,
    pub tallies: Vec<LinkTally>,
    /// How many active members have no plan handed in, and the first `limit` of them.
    pub without_plan: (i64, Vec<RollMember>),
    /// The first `limit` items past due and not met.
    pub overdue: Vec<(ItemRow, RollMember)>,
}

/// The roll-up of a resolution's plans for `year` (this year when absent) in the subtree of
/// `org_id`, which the caller must manage.
pub fn rollup(
    connection: &mut DbConnection,
    caller: &access::Caller,
    document_id: &str,
    org_id: &str,
    year: Option<i32>,
    limit: i64,
) -> Result<Rollup, ApiError> {
    connection.read_transaction(|connection| {
        connection.plan_each_statement()?;
        let document = visible_document(connection, caller, document_id)?;
        let (org, within) = referenced_org(connection, caller, "org_id", org_id)?;
        if !caller.can_manage(&within) {
            return Err(ApiError::Forbidden);
        }
        let structure =
            stored::structure_of(document.row.structure.as_deref()).map_err(ApiError::internal)?;
        let today = clock::today();
        let year = year.unwrap_or_else(|| today.year());
        let scope = RollupScope {
            document: document.row.id,
            year,
            within: &within,
        };
        let tallies = plans::rollup(connection, scope, today)?;
        let without_plan = plans::without_plan(connection, scope, limit)?;
        let overdue = plans::overdue_items(connection, scope, today, limit)?;
        Ok(Rollup {
            document: document.row,
            structure,
            org,
            year,
            tallies,
            without_plan,
            overdue,
        })
    })
}
