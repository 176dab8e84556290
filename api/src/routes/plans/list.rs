//! `GET /action-plans`: the caller's plans, or a subtree's for its managers.

use actix_web::{get, web};

use super::dto::{PlanQuery, PlanSummaryResponse};
use crate::app::{self, plans::listing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery};
use crate::http::problem::Problem;
use crate::state::AppState;

/// My action plans; or, for managers, the plans handed in by the members of a subtree.
///
/// Without `org_id`, the caller's own plans, drafts included. With it, the submitted,
/// approved and returned plans of members placed in that subtree, which the caller must
/// manage. Filter by resolution, year and state; oldest first.
#[utoipa::path(
    tag = "plans",
    operation_id = "list_action_plans",
    security(("bearer" = [])),
    params(PlanQuery, PageQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<PlanSummaryResponse>),
        (status = 403, description = "The caller does not manage `org_id` (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/action-plans")]
pub async fn list_action_plans(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PlanQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<PlanSummaryResponse>>, ApiError> {
    let page = page.checked()?;
    let after = page.after_text();
    let fetch_limit = page.fetch_limit();
    let year = query.year()?;
    let query = query.into_inner();
    let filter = listing::Query {
        org_id: query.org_id.map(|id| id.to_string()),
        document_id: query.document_id,
        year,
        status: query.status.map(Into::into),
    };
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        listing::list(
            connection,
            &signed.caller,
            &filter,
            after.as_deref(),
            fetch_limit,
        )
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |(plan, _)| plan.id.to_string(),
        |(plan, owner)| PlanSummaryResponse::of(plan, &owner),
    )))
}
