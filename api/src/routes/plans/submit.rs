//! `POST /action-plans/{id}/submit`: hand the caller's plan in.

use actix_web::{post, web};

use super::NOT_OWNER;
use super::dto::PlanResponse;
use crate::app::{self, plans::review};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Submit my plan for the cell's review.
///
/// A draft or returned plan with at least one item; its items then stay as they are.
#[utoipa::path(
    tag = "plans",
    operation_id = "submit_action_plan",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The plan's id")),
    responses(
        (status = 200, description = "Submitted", body = PlanResponse),
        (status = 403, description = NOT_OWNER, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan has no items (`plan_empty`); it is submitted (`plan_submitted`) or approved (`plan_approved`) already; too many rounds (`too_many_rounds`); it changed meanwhile (`changed_meanwhile`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/action-plans/{id:[0-9a-fA-F-]+}/submit")]
pub async fn submit_action_plan(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<PlanResponse>, ApiError> {
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        review::submit(connection, signed, &id)
    })
    .await?;
    Ok(web::Json(PlanResponse::from(&view)))
}
