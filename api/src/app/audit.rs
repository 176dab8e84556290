//! Writing the audit trail. Every change worth auditing calls [`record`] inside the same
//! transaction as the change, so the trail never misses a change nor records one that rolled
//! back.

use serde_json::Value;
use sotay_persistence::audit::{self, AuditEventRow};
use sotay_persistence::{DbConnection, clock};

use crate::error::ApiError;

/// One event: who did what to which object, and what it looked like before and after.
pub struct Event<'a> {
    pub actor_id: Option<&'a str>,
    pub action: &'static str,
    pub object_type: &'static str,
    pub object_id: &'a str,
    /// The organisation whose managers may read the event.
    pub org_id: Option<&'a str>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<&'a str>,
}

pub fn record(connection: &mut DbConnection, event: Event<'_>) -> Result<(), ApiError> {
    let details = serde_json::json!({ "before": event.before, "after": event.after });
    audit::append(
        connection,
        &AuditEventRow {
            id: uuid::Uuid::now_v7().to_string(),
            occurred_at: clock::now(),
            actor_id: event.actor_id.map(str::to_owned),
            action: event.action.to_owned(),
            object_type: event.object_type.to_owned(),
            object_id: event.object_id.to_owned(),
            org_id: event.org_id.map(str::to_owned),
            details: details.to_string(),
            request_id: event.request_id.map(str::to_owned),
        },
    )?;
    Ok(())
}
