//! `DELETE /orgs/{id}`: an empty organisation removed.

use actix_web::{HttpResponse, delete, web};

use crate::app::{self, orgs::tree};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Delete an empty organisation.
///
/// Only one with no sub-organisations, no members and no positions: anything else has history
/// to keep. Needs a manager of the parent (a system administrator for the top).
#[utoipa::path(
    tag = "orgs",
    operation_id = "delete_org",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The organisation's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "The caller does not manage the parent (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is not empty (`org_not_empty`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/orgs/{id:[0-9a-fA-F-]+}")]
pub async fn delete_org(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::as_caller(&state, caller.0, move |connection, signed| {
        tree::delete(connection, signed, &id, request_id.as_str())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
