//! The audit trail: append-only. Nothing here updates or deletes an event.

use chrono::NaiveDateTime;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sotay_domain::access::Scope;
use sotay_domain::org::OrgPath;

use crate::connection::{DbConnection, MultiBackend};
use crate::schema::{audit_events, organizations};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditEventRow {
    pub id: String,
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// The organisation whose managers may read the event.
    pub org_id: Option<String>,
    /// JSON: `{"before": …, "after": …}` or other facts of the event.
    pub details: String,
    pub request_id: Option<String>,
}

type EventCondition = Box<dyn BoxableExpression<audit_events::table, MultiBackend, SqlType = Bool>>;

/// The event's organisation lies inside `subtree`: a sub-select over the organisations' path
/// index, so no join is needed.
fn in_subtree(subtree: &OrgPath) -> EventCondition {
    let inside = organizations::table
        .filter(organizations::path.ge(subtree.as_str().to_owned()))
        .filter(organizations::path.lt(subtree.subtree_upper_bound()))
        .select(organizations::id.nullable());
    Box::new(audit_events::org_id.eq_any(inside).assume_not_null())
}

pub fn append(connection: &mut DbConnection, event: &AuditEventRow) -> QueryResult<usize> {
    diesel::insert_into(audit_events::table)
        .values(event)
        .execute(connection)
}

/// Events about organisations inside `within` (and, for the system administrator, events tied
/// to no organisation), newest first, before the cursor `before`.
pub fn list(
    connection: &mut DbConnection,
    scope: &Scope,
    within: Option<&OrgPath>,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<AuditEventRow>> {
    let mut query = audit_events::table
        .select(AuditEventRow::as_select())
        .order(audit_events::id.desc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    // Everything for the system administrator; else only events of their subtrees.
    if let Some(subtrees) = &scope.subtrees {
        let mut condition: EventCondition = Box::new(false.into_sql::<Bool>());
        for subtree in subtrees {
            condition = Box::new(condition.or(in_subtree(subtree)));
        }
        query = query.filter(condition);
    }
    if let Some(within) = within {
        query = query.filter(in_subtree(within));
    }
    if let Some(before) = before {
        query = query.filter(audit_events::id.lt(before.to_owned()));
    }
    query.load(connection)
}

/// Appends many events in one statement (an offline sync's check-ins).
pub fn append_all(connection: &mut DbConnection, events: &[AuditEventRow]) -> QueryResult<()> {
    for chunk in events.chunks(500) {
        crate::connection::on_each_backend!(connection, |inner| diesel::insert_into(
            audit_events::table
        )
        .values(chunk)
        .execute(inner))?;
    }
    Ok(())
}
