//! `GET /members/{id}/positions`: every position of a member, oldest first.

use actix_web::{get, web};

use crate::app::{self, positions};
use crate::auth::Caller;
use crate::dto::PositionResponse;
use crate::error::ApiError;
use crate::state::AppState;

/// Positions of a member, past and present.
///
/// Anyone who may see the member sees their positions, including ended ones, oldest first.
#[utoipa::path(
    tag = "positions",
    operation_id = "list_member_positions",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    responses(
        (status = 200, description = "Every position, oldest first (at most 200 are ever recorded)", body = Vec<PositionResponse>),
    )
)]
#[get("/members/{id:[0-9a-fA-F-]+}/positions")]
pub async fn list_positions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<PositionResponse>>, ApiError> {
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        positions::of_member(connection, &signed.caller, &id)
    })
    .await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}
