//! `POST /documents/{id}/acknowledge`: "I have studied this version".

use actix_web::{post, web};

use crate::app::{self, documents::reading};
use crate::auth::Caller;
use crate::dto::documents::{AcknowledgeRequest, DocumentResponse};
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Acknowledge a document: "I have studied this version".
///
/// Only after opening that version (`GET /documents/{id}`); a new version asks again.
#[utoipa::path(
    tag = "documents",
    operation_id = "acknowledge_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    request_body = AcknowledgeRequest,
    responses(
        (status = 200, description = "Acknowledged (again, harmlessly, if it already was)", body = DocumentResponse),
        (status = 409, description = "The version was not opened first (`not_opened`), or is not the current one (`stale_version`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents/{id:[0-9a-fA-F-]+}/acknowledge")]
pub async fn acknowledge_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: JsonBody<AcknowledgeRequest>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let version = body.into_inner().version;
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        reading::acknowledge(connection, &signed.caller, &id, version)
    })
    .await?;
    Ok(web::Json(DocumentResponse::whole(view)))
}
