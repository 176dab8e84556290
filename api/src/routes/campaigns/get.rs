//! `GET /campaigns/{id}`: one campaign.

use actix_web::{get, web};

use super::dto::CampaignResponse;
use crate::app::{self, campaigns};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// A campaign.
///
/// With the resolution studied, the target organisations and the sessions that count.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "get_campaign",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The campaign's id")),
    responses(
        (status = 200, description = "The campaign", body = CampaignResponse),
    )
)]
#[get("/campaigns/{id:[0-9a-fA-F-]+}")]
pub async fn get_campaign(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<CampaignResponse>, ApiError> {
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        connection.read_transaction(|connection| {
            let visible = campaigns::visible_campaign(connection, &signed.caller, &id)?;
            campaigns::view_of(connection, visible)
        })
    })
    .await?;
    Ok(web::Json(view.into()))
}
