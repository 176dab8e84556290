//! The bridge from a resolution to members' work in a subtree: for each of its targets,
//! programs and breakthroughs, the items serving it and their computed progress; who has no
//! plan handed in yet; and the items past due.

use chrono::NaiveDate;
use diesel::dsl::{avg, case_when, count, count_star, not, sum};
use diesel::prelude::*;
use diesel::sql_types::Integer;
use sotay_domain::ids::DocumentId;
use sotay_domain::member::ActivityStatus;
use sotay_domain::org::OrgPath;
use sotay_domain::plan::{LinkKind, PlanStatus};

use super::ItemRow;
use crate::connection::DbConnection;
use crate::members::listing::{placed_in, placed_in_join};
use crate::schema::{action_plans, members, plan_items};
use crate::sessions::RollMember;

/// Which plans a roll-up reads: a resolution's, for a year, of members placed in a subtree,
/// handed in (drafts are their owners' alone).
#[derive(Debug, Clone, Copy)]
pub struct RollupScope<'a> {
    pub document: DocumentId,
    pub year: i32,
    pub within: &'a OrgPath,
}

/// The items serving one part of the resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkTally {
    pub kind: LinkKind,
    /// The part's id in the resolution's structure.
    pub id: String,
    pub items: i64,
    /// Members with at least one such item.
    pub members: i64,
    /// The items' mean computed progress, 0 to 100.
    pub average_percent: f64,
    pub met: i64,
    pub overdue: i64,
}

/// A grouped row: the part (kind, id), its items, its members, their mean progress, how many
/// are met and how many overdue.
type PartRow = (
    Option<LinkKind>,
    Option<String>,
    i64,
    i64,
    Option<f64>,
    Option<i64>,
    Option<i64>,
);

const HANDED_IN: [&str; 3] = ["submitted", "approved", "returned"];

/// For each part of the resolution with items: their count, members, mean progress, how many
/// are met and how many overdue on `today`. One grouped pass over the subtree's items.
pub fn rollup(
    connection: &mut DbConnection,
    scope: RollupScope<'_>,
    today: NaiveDate,
) -> QueryResult<Vec<LinkTally>> {
    debug_assert!(HANDED_IN.iter().all(|s| PlanStatus::parse(s).is_ok()));
    let base = || {
        plan_items::table
            .inner_join(action_plans::table)
            .inner_join(members::table.on(members::id.eq(action_plans::member_id)))
            .filter(action_plans::document_id.eq(scope.document.to_string()))
            .filter(action_plans::year.eq(scope.year))
            .filter(action_plans::status.eq_any(HANDED_IN))
            .filter(plan_items::link_id.is_not_null())
            .filter(placed_in_join!(scope.within))
    };
    let totals: Vec<PartRow> = base()
        .group_by((plan_items::link_kind, plan_items::link_id))
        .select((
            plan_items::link_kind,
            plan_items::link_id,
            count_star(),
            count(action_plans::member_id).aggregate_distinct(),
            avg(plan_items::percent),
            sum(case_when::<_, _, Integer>(plan_items::met.eq(true), 1).otherwise(0)),
            sum(case_when::<_, _, Integer>(
                plan_items::met.eq(false).and(plan_items::due_on.lt(today)),
                1,
            )
            .otherwise(0)),
        ))
        .load(connection)?;
    Ok(totals
        .into_iter()
        .filter_map(|(kind, id, items, members, average, met, overdue)| {
            let (kind, id): (LinkKind, String) = (kind?, id?);
            Some(LinkTally {
                met: met.unwrap_or(0),
                overdue: overdue.unwrap_or(0),
                kind,
                id,
                items,
                members,
                average_percent: average.unwrap_or(0.0),
            })
        })
        .collect())
}

/// Active members of the subtree without a plan handed in for the resolution and year, by
/// cell and name: how many, and the first `limit`.
pub fn without_plan(
    connection: &mut DbConnection,
    scope: RollupScope<'_>,
    limit: i64,
) -> QueryResult<(i64, Vec<RollMember>)> {
    let handed_in = || {
        action_plans::table
            .filter(action_plans::document_id.eq(scope.document.to_string()))
            .filter(action_plans::year.eq(scope.year))
            .filter(action_plans::status.eq_any(HANDED_IN))
            .select(action_plans::member_id)
    };
    let active = ActivityStatus::Active.as_str();
    let total = members::table
        .filter(placed_in(scope.within))
        .filter(members::activity_status.eq(active))
        .filter(not(members::id.eq_any(handed_in())))
        .select(count_star())
        .first(connection)?;
    let named = members::table
        .filter(placed_in(scope.within))
        .filter(members::activity_status.eq(active))
        .filter(not(members::id.eq_any(handed_in())))
        .order((
            members::org_path.asc(),
            members::sort_key.asc(),
            members::id.asc(),
        ))
        .limit(limit)
        .select(RollMember::as_select())
        .load(connection)?;
    Ok((total, named))
}

/// Items of the subtree's plans past due on `today` and not met, earliest due first, at most
/// `limit`, with their owners.
pub fn overdue_items(
    connection: &mut DbConnection,
    scope: RollupScope<'_>,
    today: NaiveDate,
    limit: i64,
) -> QueryResult<Vec<(ItemRow, RollMember)>> {
    plan_items::table
        .inner_join(action_plans::table)
        .inner_join(members::table.on(members::id.eq(action_plans::member_id)))
        .filter(action_plans::document_id.eq(scope.document.to_string()))
        .filter(action_plans::year.eq(scope.year))
        .filter(action_plans::status.eq_any(HANDED_IN))
        .filter(plan_items::met.eq(false))
        .filter(plan_items::due_on.lt(today))
        .filter(placed_in_join!(scope.within))
        .order((plan_items::due_on.asc(), plan_items::id.asc()))
        .limit(limit)
        .select((ItemRow::as_select(), RollMember::as_select()))
        .load(connection)
}
