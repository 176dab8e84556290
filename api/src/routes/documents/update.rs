//! `PATCH /documents/{id}`: an edit; a published document gets a new version.

use actix_web::{patch, web};
use sotay_domain::document::DocumentKind;

use crate::app::{
    self,
    documents::editing::{self, DocumentEdit},
};
use crate::auth::Caller;
use crate::dto::documents::{DocumentResponse, UpdateDocumentRequest};
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Edit a document.
///
/// A draft changes in place. A published document gets a new version: the previous one stays
/// readable, and readers are asked to open and acknowledge the new one. Archived documents are
/// not edited (`409 archived`).
#[utoipa::path(
    tag = "documents",
    operation_id = "update_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    request_body = UpdateDocumentRequest,
    responses(
        (status = 200, description = "The document as it now is", body = DocumentResponse),
        (status = 403, description = "The caller only reads it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived (`archived`), the code is taken (`code_taken`), or the document has 200 versions (`too_many_versions`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/documents/{id:[0-9a-fA-F-]+}")]
pub async fn update_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<UpdateDocumentRequest>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let body = body.into_inner();
    let edit = DocumentEdit {
        kind: body
            .kind
            .map(|kind| DocumentKind::parse(kind.as_str()))
            .transpose()
            .map_err(ApiError::internal_invalid)?,
        code: body.code,
        title: body.title,
        issuer: body.issuer,
        issued_on: body.issued_on,
        summary: body.summary,
        body: body.body,
        structure: body
            .structure
            .map(|structure| structure.map(|structure| structure.into_draft())),
    };
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        editing::update(connection, signed, &id, edit, request_id.as_str())
    })
    .await?;
    Ok(web::Json(DocumentResponse::whole(view)))
}
