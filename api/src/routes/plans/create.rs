//! `POST /action-plans`: the caller's plan for a resolution and a year.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::dto::{CreatePlanRequest, PlanResponse};
use crate::app::{self, plans::editing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Start my action plan for a resolution and a year.
///
/// One plan per member, resolution and year, starting as a draft: items are added, then it
/// is submitted for the cell's review.
#[utoipa::path(
    tag = "plans",
    operation_id = "create_action_plan",
    security(("bearer" = [])),
    request_body = CreatePlanRequest,
    responses(
        (status = 201, description = "Created, as a draft", body = PlanResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new plan's URL")),
            links(
                ("get_action_plan" = (operation_id = "get_action_plan", parameters(("id" = "$response.body#/id")))),
                ("update_action_plan" = (operation_id = "update_action_plan", parameters(("id" = "$response.body#/id")))),
                ("add_plan_item" = (operation_id = "add_plan_item", parameters(("id" = "$response.body#/id")))),
                ("submit_action_plan" = (operation_id = "submit_action_plan", parameters(("id" = "$response.body#/id")))),
                ("review_action_plan" = (operation_id = "review_action_plan", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller has a plan for this resolution and year (`plan_exists`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/action-plans")]
pub async fn create_action_plan(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<CreatePlanRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let (year, title) = body.parsed()?;
    let document_id = body.document_id;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        editing::create(connection, signed, &document_id, year, title)
    })
    .await?;
    let response = PlanResponse::from(&view);
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/action-plans/{}", response.id),
        ))
        .json(response))
}
