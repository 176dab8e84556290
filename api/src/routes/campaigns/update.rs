//! `PATCH /campaigns/{id}`: change a campaign.

use actix_web::{patch, web};

use super::dto::{CampaignResponse, UpdateCampaignRequest};
use crate::app::{self, campaigns::planning};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Change a campaign.
///
/// Its title, target organisations, sessions (add the make-up sessions here), deadline,
/// target percentage and reflection rule; for the host's managers.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "update_campaign",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The campaign's id")),
    request_body = UpdateCampaignRequest,
    responses(
        (status = 200, description = "Changed", body = CampaignResponse),
        (status = 403, description = "The caller does not run the campaign (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/campaigns/{id:[0-9a-fA-F-]+}")]
pub async fn update_campaign(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<UpdateCampaignRequest>,
) -> Result<web::Json<CampaignResponse>, ApiError> {
    let changes = body.into_inner().into_changes()?;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        planning::update(connection, signed, &id, changes, request_id.as_str())
    })
    .await?;
    Ok(web::Json(view.into()))
}
