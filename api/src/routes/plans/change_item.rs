//! `PATCH /action-plans/{id}/items/{item_id}`: change an item of the caller's plan.

use actix_web::{patch, web};

use super::NOT_OWNER;
use super::dto::{PlanResponse, UpdateItemRequest};
use crate::app::{self, plans::editing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Change an item of my plan, while it is a draft or returned.
///
/// A new indicator is measured against the reports already made.
#[utoipa::path(
    tag = "plans",
    operation_id = "update_plan_item",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The plan's id"),
        ("item_id" = String, Path, format = Uuid, description = "The item's id"),
    ),
    request_body = UpdateItemRequest,
    responses(
        (status = 200, description = "Changed; the plan with its items", body = PlanResponse),
        (status = 403, description = NOT_OWNER, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is submitted (`plan_submitted`) or approved (`plan_approved`); it changed meanwhile (`changed_meanwhile`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/action-plans/{id:[0-9a-fA-F-]+}/items/{item_id:[0-9a-fA-F-]+}")]
pub async fn update_plan_item(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: JsonBody<UpdateItemRequest>,
) -> Result<web::Json<PlanResponse>, ApiError> {
    let changes = body.into_inner().into_changes()?;
    let (id, item_id) = path.into_inner();
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        editing::change_item(connection, signed, &id, &item_id, changes)
    })
    .await?;
    Ok(web::Json(PlanResponse::from(&view)))
}
