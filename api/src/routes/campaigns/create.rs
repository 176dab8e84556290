//! `POST /campaigns`: a new study campaign.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::dto::{CampaignResponse, CreateCampaignRequest};
use crate::app::{self, campaigns::planning};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Plan a study campaign.
///
/// One published resolution, studied by the target organisations (their whole subtrees,
/// inside the host the caller manages) through the linked sessions, make-up sessions
/// included, by a deadline; with a target percentage (default 100) and whether a written
/// reflection is part of having studied.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "create_campaign",
    security(("bearer" = [])),
    request_body = CreateCampaignRequest,
    responses(
        (status = 201, description = "Created", body = CampaignResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new campaign's URL")),
            links(
                ("get_campaign" = (operation_id = "get_campaign", parameters(("id" = "$response.body#/id")))),
                ("update_campaign" = (operation_id = "update_campaign", parameters(("id" = "$response.body#/id")))),
                ("campaign_progress" = (operation_id = "campaign_progress", parameters(("id" = "$response.body#/id")))),
                ("own_reflection" = (operation_id = "own_reflection", parameters(("id" = "$response.body#/id")))),
                ("write_reflection" = (operation_id = "write_reflection", parameters(("id" = "$response.body#/id")))),
                ("list_reflections" = (operation_id = "list_reflections", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "The caller does not manage the host (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/campaigns")]
pub async fn create_campaign(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    body: JsonBody<CreateCampaignRequest>,
) -> Result<HttpResponse, ApiError> {
    let plan = body.into_inner().into_plan()?;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        planning::create(connection, signed, plan, request_id.as_str())
    })
    .await?;
    let response = CampaignResponse::from(view);
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/campaigns/{}", response.id),
        ))
        .json(response))
}
