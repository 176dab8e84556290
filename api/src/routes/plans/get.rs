//! `GET /action-plans/{id}`: one plan, whole.

use actix_web::{get, web};

use super::dto::PlanResponse;
use crate::app::{self, plans};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// An action plan.
///
/// With its items, their computed progress and reports, and the history of its submissions
/// and reviews. For its owner, and for the managers of the owner's cells once handed in.
#[utoipa::path(
    tag = "plans",
    operation_id = "get_action_plan",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The plan's id")),
    responses(
        (status = 200, description = "The plan", body = PlanResponse),
    )
)]
#[get("/action-plans/{id:[0-9a-fA-F-]+}")]
pub async fn get_action_plan(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<PlanResponse>, ApiError> {
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        connection.read_transaction(|connection| {
            let visible = plans::visible_plan(connection, &signed.caller, &id)?;
            plans::view_of(connection, visible)
        })
    })
    .await?;
    Ok(web::Json(PlanResponse::from(&view)))
}
