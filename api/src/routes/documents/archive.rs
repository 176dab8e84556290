//! `POST /documents/{id}/archive`: readable still, asked of no one, changed no more.

use actix_web::{post, web};

use crate::app::{self, documents::publication};
use crate::auth::Caller;
use crate::dto::documents::DocumentResponse;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Archive a document.
///
/// It stays readable, with its history and read receipts, but is no longer asked of anyone
/// and is not edited or published again. Managers of the document only.
#[utoipa::path(
    tag = "documents",
    operation_id = "archive_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    responses(
        (status = 200, description = "Archived (or already was)", body = DocumentResponse),
        (status = 403, description = "The caller only reads it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents/{id:[0-9a-fA-F-]+}/archive")]
pub async fn archive_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        publication::archive(connection, signed, &id, request_id.as_str())
    })
    .await?;
    Ok(web::Json(DocumentResponse::whole(view)))
}
