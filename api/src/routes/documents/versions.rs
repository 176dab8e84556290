//! `GET /documents/{id}/versions`: every published version, without bodies.

use actix_web::{get, web};

use super::dto::{VersionList, VersionResponse};
use crate::app::{self, documents::reading};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// The versions of a document.
///
/// Every published version, oldest first, without bodies; anyone who may read the document
/// may read its history.
#[utoipa::path(
    tag = "documents",
    operation_id = "list_document_versions",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    responses((status = 200, description = "The versions", body = VersionList))
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/versions")]
pub async fn list_versions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<VersionList>, ApiError> {
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        reading::versions(connection, &signed.caller, &id)
    })
    .await?;
    Ok(web::Json(VersionList {
        items: rows.into_iter().map(VersionResponse::listed).collect(),
    }))
}
