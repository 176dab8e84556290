//! Lists of plans: a member's own, and those of a subtree for its managers.

use diesel::prelude::*;
use sotay_domain::ids::{DocumentId, MemberId};
use sotay_domain::org::OrgPath;
use sotay_domain::plan::PlanStatus;

use super::PlanRow;
use crate::connection::{DbConnection, MultiBackend};
use crate::members::listing::placed_in_join;
use crate::schema::{action_plans, members};
use crate::sessions::RollMember;

/// Whose plans, and which.
#[derive(Debug, Default)]
pub struct PlanFilter<'a> {
    /// One member's own plans, drafts included.
    pub owner: Option<MemberId>,
    /// Plans of members placed in this subtree, handed in (drafts are their owners' alone).
    pub within: Option<&'a OrgPath>,
    pub document_id: Option<DocumentId>,
    pub year: Option<i32>,
    pub status: Option<PlanStatus>,
}

/// One page of plans with their owners, oldest first, after the plan id `after`.
pub fn list(
    connection: &mut DbConnection,
    filter: &PlanFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(PlanRow, RollMember)>> {
    let mut query = action_plans::table
        .inner_join(members::table.on(members::id.eq(action_plans::member_id)))
        .select((PlanRow::as_select(), RollMember::as_select()))
        .order(action_plans::id.asc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(owner) = filter.owner {
        query = query.filter(action_plans::member_id.eq(owner.to_string()));
    }
    if let Some(within) = filter.within {
        query = query
            .filter(placed_in_join!(within))
            .filter(action_plans::status.ne(PlanStatus::Draft.as_str()));
    }
    if let Some(document) = filter.document_id {
        query = query.filter(action_plans::document_id.eq(document.to_string()));
    }
    if let Some(year) = filter.year {
        query = query.filter(action_plans::year.eq(year));
    }
    if let Some(status) = filter.status {
        query = query.filter(action_plans::status.eq(status.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(action_plans::id.gt(after.to_owned()));
    }
    query.load(connection)
}
