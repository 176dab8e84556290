//! `GET /documents/{id}/attachments`: every file of a document, in upload order.

use actix_web::{get, web};

use crate::app::{self, documents::attachments};
use crate::auth::Caller;
use crate::dto::attachments::{AttachmentList, AttachmentResponse};
use crate::error::ApiError;
use crate::state::AppState;

/// A document's attachments.
///
/// Anyone who may read the document lists its files (names, types, sizes, hashes); the
/// content is fetched one file at a time.
#[utoipa::path(
    tag = "documents",
    operation_id = "list_attachments",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    responses(
        (status = 200, description = "Every attachment, in upload order", body = AttachmentList),
    )
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/attachments")]
pub async fn list_attachments(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<AttachmentList>, ApiError> {
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        attachments::list(connection, &signed.caller, &id)
    })
    .await?;
    Ok(web::Json(AttachmentList {
        items: rows
            .into_iter()
            .map(AttachmentResponse::try_from)
            .collect::<Result<_, _>>()?,
    }))
}
