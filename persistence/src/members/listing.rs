//! The members a caller may list, by scope and filter, in name order.

use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sotay_domain::access::Scope;
use sotay_domain::org::OrgPath;

use crate::connection::{DbConnection, MultiBackend};
use crate::schema::members;

use super::MemberRow;

/// Filters of `GET /members`.
#[derive(Debug, Default)]
pub struct MemberFilter<'a> {
    /// Members placed (home or attached) inside this organisation's subtree.
    pub within: Option<&'a OrgPath>,
    pub activity_status: Option<&'a str>,
    /// Folded search text matched against the folded name.
    pub name_query: Option<&'a str>,
    /// Digits matched against card numbers.
    pub card_query: Option<&'a str>,
}

/// [`placed_in`] written out, for queries joining `members` to other tables (a boxed member
/// condition applies to `members` alone): the member's own cell or the one they are attached
/// to lies inside the subtree `$within`.
macro_rules! placed_in_join {
    ($within:expr) => {{
        let within: &sotay_domain::org::OrgPath = $within;
        let (low, high) = (within.as_str().to_owned(), within.subtree_upper_bound());
        $crate::schema::members::org_path
            .ge(low.clone())
            .and($crate::schema::members::org_path.lt(high.clone()))
            .or($crate::schema::members::attached_org_path
                .ge(low)
                .and($crate::schema::members::attached_org_path.lt(high))
                .assume_not_null())
    }};
}
pub(crate) use placed_in_join;

pub(crate) type MemberCondition =
    Box<dyn BoxableExpression<members::table, MultiBackend, SqlType = Bool>>;

/// The member's own cell, or the cell they are attached to, lies inside `subtree`: who a
/// list of a subtree shows, and who a document published there reaches.
pub(crate) fn placed_in(subtree: &OrgPath) -> MemberCondition {
    let (low, high) = (subtree.as_str().to_owned(), subtree.subtree_upper_bound());
    Box::new(
        members::org_path
            .ge(low.clone())
            .and(members::org_path.lt(high.clone()))
            .or(members::attached_org_path
                .ge(low)
                .and(members::attached_org_path.lt(high))
                .assume_not_null()),
    )
}

fn visible(scope: &Scope) -> Option<MemberCondition> {
    let subtrees = scope.subtrees.as_ref()?;
    let cells: Vec<String> = scope
        .cells
        .iter()
        .map(|cell| cell.as_str().to_owned())
        .collect();
    let mut condition: MemberCondition = Box::new(
        members::org_path
            .eq_any(cells.clone())
            .or(members::attached_org_path.eq_any(cells).assume_not_null()),
    );
    for subtree in subtrees {
        condition = Box::new(condition.or(placed_in(subtree)));
    }
    Some(condition)
}

/// One page of members in Vietnamese name order (given name first), after the sort key
/// `after`.
pub fn list(
    connection: &mut DbConnection,
    scope: &Scope,
    filter: &MemberFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<MemberRow>> {
    let mut query = members::table
        .select(MemberRow::as_select())
        .order(members::sort_key.asc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(condition) = visible(scope) {
        query = query.filter(condition);
    }
    if let Some(within) = filter.within {
        query = query.filter(placed_in(within));
    }
    if let Some(status) = filter.activity_status {
        query = query.filter(members::activity_status.eq(status.to_owned()));
    }
    if let Some(text) = filter.name_query {
        let pattern = format!("%{}%", escape_like(text));
        query = query.filter(members::search_name.like(pattern).escape('\\'));
    }
    if let Some(text) = filter.card_query {
        let pattern = format!("%{}%", escape_like(&text.to_uppercase()));
        query = query.filter(members::card_number.like(pattern).escape('\\'));
    }
    if let Some(after) = after {
        query = query.filter(members::sort_key.gt(after.to_owned()));
    }
    query.load(connection)
}

/// Escapes LIKE's wildcards so user text matches literally.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub fn count(connection: &mut DbConnection) -> QueryResult<i64> {
    members::table.count().get_result(connection)
}
