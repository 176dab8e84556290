//! `POST /action-plans/{id}/items`: an item of the caller's plan.

use actix_web::{HttpResponse, post, web};

use super::NOT_OWNER;
use super::dto::{CreateItemRequest, PlanResponse};
use crate::app::{self, plans::editing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Add an item to my plan, while it is a draft or returned.
///
/// What I will do, which of the resolution's targets, programs or breakthroughs it serves
/// (by the stable id from the resolution's structure; none for an item of my own), how it is
/// measured, and by when. Answers the plan with its items, the new one last (the response's
/// links name the plan's first item).
#[utoipa::path(
    tag = "plans",
    operation_id = "add_plan_item",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The plan's id")),
    request_body = CreateItemRequest,
    responses(
        (status = 201, description = "Added; the plan with its items", body = PlanResponse,
            links(
                ("update_plan_item" = (operation_id = "update_plan_item", parameters(("id" = "$response.body#/id"), ("item_id" = "$response.body#/items/0/id")))),
                ("delete_plan_item" = (operation_id = "delete_plan_item", parameters(("id" = "$response.body#/id"), ("item_id" = "$response.body#/items/0/id")))),
                ("report_progress" = (operation_id = "report_progress", parameters(("id" = "$response.body#/id"), ("item_id" = "$response.body#/items/0/id")))),
                ("submit_action_plan" = (operation_id = "submit_action_plan", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = NOT_OWNER, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is submitted (`plan_submitted`) or approved (`plan_approved`); it has 50 items (`too_many_items`); it changed meanwhile (`changed_meanwhile`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/action-plans/{id:[0-9a-fA-F-]+}/items")]
pub async fn add_plan_item(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: JsonBody<CreateItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let draft = body.into_inner().into_draft()?;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        editing::add_item(connection, signed, &id, draft)
    })
    .await?;
    Ok(HttpResponse::Created().json(PlanResponse::from(&view)))
}
