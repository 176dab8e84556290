//! The audit trail: written by every change worth auditing, read by managers. Every change worth auditing calls [`record`] inside the same
//! transaction as the change, so the trail never misses a change nor records one that rolled
//! back.

use std::fmt;

use serde_json::Value;
use sotay_domain::access;
use sotay_persistence::audit::{self, AuditEventRow};
use sotay_persistence::{DbConnection, clock};

use crate::app::orgs::org_filter;
use crate::error::ApiError;

/// One event: who did what to which object, and what it looked like before and after.
pub struct Event<'a> {
    pub actor_id: Option<&'a str>,
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: &'a dyn fmt::Display,
    /// The organisation whose managers may read the event.
    pub org_id: Option<&'a dyn fmt::Display>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<&'a str>,
}

pub fn record(connection: &mut DbConnection, event: Event<'_>) -> Result<(), ApiError> {
    audit::append(connection, &row_of(event))?;
    Ok(())
}

/// Records many events in one statement.
pub fn record_all(connection: &mut DbConnection, events: &[AuditEventRow]) -> Result<(), ApiError> {
    audit::append_all(connection, events)?;
    Ok(())
}

/// The event as stored, now.
pub fn row_of(event: Event<'_>) -> AuditEventRow {
    let details = serde_json::json!({ "before": event.before, "after": event.after });
    AuditEventRow {
        id: uuid::Uuid::now_v7().to_string(),
        occurred_at: clock::now(),
        actor_id: event.actor_id.map(str::to_owned),
        action: event.action.to_owned(),
        object_type: event.object_type.to_owned(),
        object_id: event.object_id.to_string(),
        org_id: event.org_id.map(ToString::to_string),
        details: details.to_string(),
        request_id: event.request_id.map(str::to_owned),
    }
}

/// One page of the trail of the subtrees the caller manages (or of `org_id` in them). Only
/// positions that manage count here: overseeing shows people, not the trail.
pub fn trail(
    connection: &mut DbConnection,
    caller: &access::Caller,
    org_id: Option<uuid::Uuid>,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditEventRow>, ApiError> {
    if !caller.is_manager() {
        return Err(ApiError::Forbidden);
    }
    let scope = caller.managed_scope();
    let Some(within) = org_filter(connection, caller, org_id)? else {
        return Ok(Vec::new());
    };
    Ok(audit::list(
        connection,
        &scope,
        within.as_ref(),
        after,
        limit,
    )?)
}
