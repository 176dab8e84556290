//! `GET /audit`: the audit trail of a subtree, for its managers.

use actix_web::{get, web};

use super::dto::{AuditEventResponse, AuditQuery};
use crate::app::{self, audit};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery};
use crate::http::problem::Problem;
use crate::state::AppState;

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
    let org_id = query.into_inner().org_id;
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        audit::trail(
            connection,
            &signed.caller,
            org_id,
            after.as_deref(),
            fetch_limit,
        )
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |row| row.id.clone(),
        AuditEventResponse::from,
    )))
}
