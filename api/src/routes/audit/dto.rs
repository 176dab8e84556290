//! The audit trail's query and events as the API shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_persistence::audit::AuditEventRow;
use utoipa::{IntoParams, ToSchema};

use crate::dto::utc;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events of this organisation's subtree.
    pub org_id: Option<uuid::Uuid>,
}

/// One audited change.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    /// Who did it; null for the system itself.
    #[schema(format = Uuid)]
    pub actor_id: Option<String>,
    #[schema(example = "member.updated", max_length = 64)]
    pub action: String,
    #[schema(example = "member", max_length = 32)]
    pub object_type: String,
    #[schema(format = Uuid)]
    pub object_id: String,
    #[schema(format = Uuid)]
    pub org_id: Option<String>,
    /// `{"before": …, "after": …}`.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    #[schema(max_length = 128)]
    pub request_id: Option<String>,
}

impl From<AuditEventRow> for AuditEventResponse {
    fn from(row: AuditEventRow) -> Self {
        let AuditEventRow {
            id,
            occurred_at,
            actor_id,
            action,
            object_type,
            object_id,
            org_id,
            details,
            request_id,
        } = row;
        AuditEventResponse {
            id,
            occurred_at: utc(occurred_at),
            actor_id,
            action,
            object_type,
            object_id,
            org_id,
            details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
            request_id,
        }
    }
}
