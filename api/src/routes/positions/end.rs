//! `DELETE /positions/{id}`: a position ended today; its history stays.

use actix_web::{HttpResponse, delete, web};

use crate::app::{self, positions};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// End a position.
///
/// The position ends today; its history is kept. Needs a manager of its organisation (a
/// system administrator for `system_admin`).
#[utoipa::path(
    tag = "positions",
    operation_id = "end_position",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The position's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/positions/{id:[0-9a-fA-F-]+}")]
pub async fn end_position(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::as_caller(&state, caller.0, move |connection, signed| {
        positions::end(connection, signed, &id, request_id.as_str())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
