//! `GET /documents/{id}/versions/{version}`: one version as it was published.

use actix_web::{get, web};

use super::dto::VersionResponse;
use crate::app::{self, documents::reading};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// One version of a document, as it was published.
///
/// Reading an old version records nothing: read receipts belong to the current one.
#[utoipa::path(
    tag = "documents",
    operation_id = "get_document_version",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The document's id"),
        ("version" = i32, Path, minimum = 1, maximum = 200, description = "The version number"),
    ),
    responses((status = 200, description = "That version", body = VersionResponse))
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/versions/{version:[0-9]+}")]
pub async fn get_version(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<VersionResponse>, ApiError> {
    let (id, number) = path.into_inner();
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        reading::version(connection, &signed.caller, &id, number)
    })
    .await?;
    Ok(web::Json(VersionResponse::whole(row)?))
}
