//! `POST /documents`: a new draft.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};
use sotay_domain::document::DocumentKind;

use crate::app::{
    self,
    documents::editing::{self, DocumentDraft},
};
use crate::auth::Caller;
use crate::dto::documents::{CreateDocumentRequest, DocumentResponse};
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Create a draft document.
///
/// In an organisation the caller manages. Drafts are seen by the managers of that
/// organisation only, until published.
#[utoipa::path(
    tag = "documents",
    operation_id = "create_document",
    security(("bearer" = [])),
    request_body = CreateDocumentRequest,
    responses(
        (status = 201, description = "Created, as a draft", body = DocumentResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new document's URL")),
            links(
                ("get_document" = (operation_id = "get_document", parameters(("id" = "$response.body#/id")))),
                ("update_document" = (operation_id = "update_document", parameters(("id" = "$response.body#/id")))),
                ("publish_document" = (operation_id = "publish_document", parameters(("id" = "$response.body#/id")))),
                ("acknowledge_document" = (operation_id = "acknowledge_document", parameters(("id" = "$response.body#/id")))),
                ("list_document_versions" = (operation_id = "list_document_versions", parameters(("id" = "$response.body#/id")))),
                ("archive_document" = (operation_id = "archive_document", parameters(("id" = "$response.body#/id")))),
                ("list_attachments" = (operation_id = "list_attachments", parameters(("id" = "$response.body#/id")))),
                ("upload_attachment" = (operation_id = "upload_attachment", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation already has a document with this code (`code_taken`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents")]
pub async fn create_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    body: JsonBody<CreateDocumentRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let draft = DocumentDraft {
        org_id: body.org_id,
        kind: DocumentKind::parse(body.kind.as_str()).map_err(ApiError::internal_invalid)?,
        code: body.code,
        title: body.title,
        issuer: body.issuer,
        issued_on: body.issued_on,
        summary: body.summary,
        body: body.body,
        structure: body.structure.map(|structure| structure.into_draft()),
    };
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        editing::create(connection, signed, draft, request_id.as_str())
    })
    .await?;
    let response = DocumentResponse::whole(view);
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/documents/{}", response.id),
        ))
        .json(response))
}
