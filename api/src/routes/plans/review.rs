//! `POST /action-plans/{id}/review`: approve a submitted plan, or return it.

use actix_web::{post, web};

use super::dto::{PlanResponse, ReviewPlanRequest};
use crate::app::{self, plans::review};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Review a plan: approve it, or return it with a comment.
///
/// By a manager of the owner's cell (or the cell they are attached to, or above); nobody
/// reviews their own, so a secretary's plan goes to another manager of the cell or the level
/// above. Only a submitted plan is reviewed. Reviews go to the audit log.
#[utoipa::path(
    tag = "plans",
    operation_id = "review_action_plan",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The plan's id")),
    request_body = ReviewPlanRequest,
    responses(
        (status = 200, description = "Reviewed", body = PlanResponse),
        (status = 403, description = "The plan is the caller's own (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not submitted (`not_submitted`); it changed meanwhile (`changed_meanwhile`); too many rounds (`too_many_rounds`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/action-plans/{id:[0-9a-fA-F-]+}/review")]
pub async fn review_action_plan(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<ReviewPlanRequest>,
) -> Result<web::Json<PlanResponse>, ApiError> {
    let body = body.into_inner();
    let (decision, comment) = (body.decision.into(), body.comment()?);
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        review::review(
            connection,
            signed,
            &id,
            decision,
            comment,
            request_id.as_str(),
        )
    })
    .await?;
    Ok(web::Json(PlanResponse::from(&view)))
}
