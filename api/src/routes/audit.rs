//! `GET /audit`: the audit trail of a subtree, for its managers.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_persistence::audit::{self, AuditEventRow};
use utoipa::{IntoParams, ToSchema};

use crate::app;
use crate::app::orgs::org_filter;
use crate::auth::Caller;
use crate::dto::utc;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery};
use crate::http::problem::Problem;
use crate::state::AppState;

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

/// The audit trail of the subtrees I manage, newest first.
///
/// Every change to organisations, members and positions, and every import, with who made it,
/// the values before and after, and the request id. Managers only; paginated.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    security(("bearer" = [])),
    params(AuditQuery, PageQuery),
    responses(
        (status = 200, description = "One page, newest first", body = Page<AuditEventResponse>),
        (status = 400, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only managers read the audit trail (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<AuditEventResponse>>, ApiError> {
    let page = page.checked()?;
    let after = page.after_text();
    let fetch_limit = page.fetch_limit();
    let query = query.into_inner();
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        if !caller.is_manager() {
            return Err(ApiError::Forbidden);
        }
        // Only positions that manage count here: overseeing shows people, not the trail.
        let scope = caller.managed_scope();
        let Some(within) = org_filter(connection, caller, query.org_id)? else {
            return Ok(Vec::new());
        };
        Ok(audit::list(
            connection,
            &scope,
            within.as_ref(),
            after.as_deref(),
            fetch_limit,
        )?)
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |row| row.id.clone(),
        AuditEventResponse::from,
    )))
}
