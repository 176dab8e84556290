//! `PATCH /action-plans/{id}`: rename the caller's plan.

use actix_web::{patch, web};

use super::NOT_OWNER;
use super::dto::{PlanResponse, UpdatePlanRequest};
use crate::app::{self, plans::editing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Rename my plan, while it is a draft or returned.
#[utoipa::path(
    tag = "plans",
    operation_id = "update_action_plan",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The plan's id")),
    request_body = UpdatePlanRequest,
    responses(
        (status = 200, description = "Renamed", body = PlanResponse),
        (status = 403, description = NOT_OWNER, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is submitted (`plan_submitted`) or approved (`plan_approved`); it changed meanwhile (`changed_meanwhile`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/action-plans/{id:[0-9a-fA-F-]+}")]
pub async fn update_action_plan(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: JsonBody<UpdatePlanRequest>,
) -> Result<web::Json<PlanResponse>, ApiError> {
    let title = sotay_domain::plan::title(&body.title)
        .map_err(|invalid| ApiError::invalid("title", invalid))?;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        editing::rename(connection, signed, &id, title)
    })
    .await?;
    Ok(web::Json(PlanResponse::from(&view)))
}
