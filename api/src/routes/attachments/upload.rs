//! `POST /documents/{id}/attachments`: one file, as `multipart/form-data`.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::app::{
    self,
    documents::attachments::{self, CheckedFile},
};
use crate::auth::Caller;
use crate::dto::attachments::{AttachmentResponse, AttachmentUpload};
use crate::error::ApiError;
use crate::http::multipart::read_upload;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Attach a file to a document.
///
/// `multipart/form-data` with one part, `file`. The kind is read from the content: a file
/// whose content is not PDF, DOCX, XLSX, PNG or JPEG is refused, as is one whose name says
/// another kind than its content (`type_mismatch`). A name without an extension gets the
/// content's. At most 20 files per document.
#[utoipa::path(
    tag = "documents",
    operation_id = "upload_attachment",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = AttachmentResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The file's download URL")),
            links(
                ("download_attachment" = (operation_id = "download_attachment", parameters(("id" = "$response.body#/document_id"), ("attachment_id" = "$response.body#/id")))),
                ("delete_attachment" = (operation_id = "delete_attachment", parameters(("id" = "$response.body#/document_id"), ("attachment_id" = "$response.body#/id"))))
            )),
        (status = 403, description = "The caller only reads the document (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The document is archived (`archived`), has 20 files (`too_many_attachments`), or is published and has 200 versions (`too_many_versions`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than `SOTAY_ATTACHMENT_MAX_BYTES` (`payload_too_large`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not `multipart/form-data` (`unsupported_media_type`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, field `file`, with the reason's code: the form cannot be read (`malformed_upload`), holds another part (`unexpected_part`) or a second file (`one_file_only`); no `file` part (`required`) or no file name (`file_name_missing`); an empty file (`empty_file`); a kind not accepted (`unsupported_type`, `macros_not_accepted`, `too_many_parts`); a name that disagrees with the content (`type_mismatch`), is blank (`required`), too long (`too_long`) or holds control characters (`invalid_characters`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents/{id:[0-9a-fA-F-]+}/attachments")]
pub async fn upload_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    // Refuse a hidden or merely readable document before reading megabytes of it: a trip of
    // its own, so that no connection is held while the upload arrives.
    let checked_id = id.clone();
    app::as_caller(&state, caller.0.clone(), move |connection, signed| {
        attachments::may_attach(connection, &signed.caller, &checked_id)
    })
    .await?;
    let form = Multipart::new(request.headers(), payload);
    let upload = read_upload(form, state.attachment_max_bytes).await?;
    // Hashing and reading the content need no database connection: keep the pool free.
    let file = app::blocking(move || CheckedFile::check(&upload.file_name, upload.content)).await?;
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        attachments::attach(connection, signed, &id, &file, request_id.as_str())
    })
    .await?;
    let response = AttachmentResponse::try_from(row)?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!(
                "/api/v1/documents/{}/attachments/{}",
                response.document_id, response.id
            ),
        ))
        .json(response))
}
