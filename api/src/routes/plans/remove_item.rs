//! `DELETE /action-plans/{id}/items/{item_id}`: remove an item of the caller's plan.

use actix_web::{HttpResponse, delete, web};

use super::NOT_OWNER;
use crate::app::{self, plans::editing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Remove an item of my plan, while it is a draft or returned.
///
/// An item with progress reported stays: reports are never edited away.
#[utoipa::path(
    tag = "plans",
    operation_id = "delete_plan_item",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The plan's id"),
        ("item_id" = String, Path, format = Uuid, description = "The item's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = NOT_OWNER, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The plan is submitted (`plan_submitted`) or approved (`plan_approved`); the item has progress reported (`has_progress`); the plan changed meanwhile (`changed_meanwhile`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/action-plans/{id:[0-9a-fA-F-]+}/items/{item_id:[0-9a-fA-F-]+}")]
pub async fn delete_plan_item(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, item_id) = path.into_inner();
    app::as_caller(&state, caller.0, move |connection, signed| {
        editing::remove_item(connection, signed, &id, &item_id)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
