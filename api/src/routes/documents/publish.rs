//! `POST /documents/{id}/publish`: to organisations the caller manages, inside the owner.

use actix_web::{post, web};

use crate::app::{
    self,
    documents::publication::{self, Publication},
};
use crate::auth::Caller;
use crate::dto::documents::{DocumentResponse, PublishRequest};
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Publish a document to organisations.
///
/// To organisations the caller manages; the document reaches everyone in their subtrees.
/// Publishing again to an organisation changes its `required` and `due_on`. A draft becomes
/// published (version 1 is kept from then on).
#[utoipa::path(
    tag = "documents",
    operation_id = "publish_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    request_body = PublishRequest,
    responses(
        (status = 200, description = "The document, published", body = DocumentResponse),
        (status = 403, description = "The caller does not manage the document or an organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived (`archived`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents/{id:[0-9a-fA-F-]+}/publish")]
pub async fn publish_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<PublishRequest>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let body = body.into_inner();
    let publication = Publication {
        org_ids: body.org_ids,
        required: body.required,
        due_on: body.due_on,
    };
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        publication::publish(connection, signed, &id, publication, request_id.as_str())
    })
    .await?;
    Ok(web::Json(DocumentResponse::whole(view)))
}
