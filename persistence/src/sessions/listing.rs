//! The sessions a caller may list, by start time.

use chrono::NaiveDateTime;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sotay_domain::ids::OrgId;
use sotay_domain::org::OrgPath;
use sotay_domain::session::SessionState;

use super::SessionRow;
use crate::connection::{DbConnection, MultiBackend};
use crate::schema::{organizations, session_orgs, sessions};

type SessionCondition = Box<dyn BoxableExpression<sessions::table, MultiBackend, SqlType = Bool>>;

pub use crate::scope::ListScope as SessionScope;

/// Filters of `GET /sessions`.
#[derive(Debug, Default)]
pub struct SessionFilter<'a> {
    /// Starting at or after.
    pub from: Option<NaiveDateTime>,
    /// Starting before.
    pub to: Option<NaiveDateTime>,
    /// Hosted in this subtree or inviting an organisation in it.
    pub within: Option<&'a OrgPath>,
}

fn hosted_in(subtree: &OrgPath) -> SessionCondition {
    Box::new(
        sessions::host_org_id.eq_any(
            organizations::table
                .filter(organizations::path.ge(subtree.as_str().to_owned()))
                .filter(organizations::path.lt(subtree.subtree_upper_bound()))
                .select(organizations::id),
        ),
    )
}

fn inviting_in(subtree: &OrgPath) -> SessionCondition {
    Box::new(
        sessions::id.eq_any(
            session_orgs::table
                .inner_join(organizations::table.on(organizations::id.eq(session_orgs::org_id)))
                .filter(organizations::path.ge(subtree.as_str().to_owned()))
                .filter(organizations::path.lt(subtree.subtree_upper_bound()))
                .select(session_orgs::session_id),
        ),
    )
}

fn any_of(conditions: Vec<SessionCondition>) -> Option<SessionCondition> {
    conditions
        .into_iter()
        .reduce(|left, right| Box::new(left.or(right)))
}

fn visible(scope: &SessionScope) -> Option<SessionCondition> {
    if scope.everything {
        return None;
    }
    let mut published: Vec<SessionCondition> = Vec::new();
    for subtree in &scope.oversees {
        published.push(hosted_in(subtree));
        published.push(inviting_in(subtree));
    }
    let reached: Vec<String> = scope.reached_through.iter().map(OrgId::to_string).collect();
    published.push(Box::new(
        sessions::id.eq_any(
            session_orgs::table
                .filter(session_orgs::org_id.eq_any(reached))
                .select(session_orgs::session_id),
        ),
    ));
    let not_draft: SessionCondition = Box::new(sessions::state.ne(SessionState::Draft.as_str()));
    let mut visible: Vec<SessionCondition> = scope.runs.iter().map(hosted_in).collect();
    if let Some(published) = any_of(published) {
        visible.push(Box::new(not_draft.and(published)));
    }
    any_of(visible)
}

/// One page of sessions in start order, after the list key `after`.
pub fn list(
    connection: &mut DbConnection,
    scope: &SessionScope,
    filter: &SessionFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<SessionRow>> {
    let mut query = sessions::table
        .select(SessionRow::as_select())
        .order(sessions::list_key.asc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(condition) = visible(scope) {
        query = query.filter(condition);
    }
    if let Some(from) = filter.from {
        query = query.filter(sessions::starts_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(sessions::starts_at.lt(to));
    }
    if let Some(within) = filter.within {
        query = query.filter(hosted_in(within).or(inviting_in(within)));
    }
    if let Some(after) = after {
        query = query.filter(sessions::list_key.gt(after.to_owned()));
    }
    query.load(connection)
}
