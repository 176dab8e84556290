//! `DELETE /documents/{id}/attachments/{attachment_id}`: a file removed from a document.

use actix_web::{HttpResponse, delete, web};

use crate::app::{self, documents::attachments};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Remove an attachment.
///
/// By a manager of the document, unless it is archived. The removal is audited with the
/// file's name and hash.
#[utoipa::path(
    tag = "documents",
    operation_id = "delete_attachment",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The document's id"),
        ("attachment_id" = String, Path, format = Uuid, description = "The attachment's id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "The caller only reads the document (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The document is archived (`archived`), or is published and has 200 versions (`too_many_versions`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/documents/{id:[0-9a-fA-F-]+}/attachments/{attachment_id:[0-9a-fA-F-]+}")]
pub async fn delete_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (document_id, attachment_id) = path.into_inner();
    app::as_caller(&state, caller.0, move |connection, signed| {
        attachments::detach(
            connection,
            signed,
            &document_id,
            &attachment_id,
            request_id.as_str(),
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
