//! `GET /documents/{id}/attachments/{attachment_id}`: the file, with `304` for a current copy.

use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{HttpRequest, HttpResponse, get, web};
use sotay_domain::attachment::FileName;

use crate::app::{self, documents::attachments};
use crate::auth::Caller;
use crate::dto::attachments::BinaryFile;
use crate::error::ApiError;
use crate::http::conditional::if_none_match;
use crate::state::AppState;

const DOWNLOAD_CACHING: &str = "private, no-cache";

/// Download an attachment.
///
/// With its media type, `Content-Disposition: attachment` naming the file (`filename*` keeps
/// a Vietnamese name intact; `filename` is its ASCII fallback) and the content's SHA-256 as a
/// strong `ETag`: a matching `If-None-Match` answers `304` without the content.
#[utoipa::path(
    tag = "documents",
    operation_id = "download_attachment",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The document's id"),
        ("attachment_id" = String, Path, format = Uuid, description = "The attachment's id"),
    ),
    responses(
        (status = 200, description = "The file",
            content(
                (BinaryFile = "application/pdf"),
                (BinaryFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                (BinaryFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                (BinaryFile = "image/png"),
                (BinaryFile = "image/jpeg"),
            ),
            headers(
                ("ETag" = crate::dto::EntityTag, description = "The content's SHA-256, quoted; send back as `If-None-Match`"),
                ("Content-Disposition" = crate::dto::DispositionHeader, description = "`attachment`, with the file name"),
            )),
        (status = 304, description = "Not changed since the ETag sent"),
    )
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/attachments/{attachment_id:[0-9a-fA-F-]+}")]
pub async fn download_attachment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (document_id, attachment_id) = path.into_inner();
    let sent_tag = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let (row, content) = app::as_caller(&state, caller.0, move |connection, signed| {
        attachments::download(
            connection,
            &signed.caller,
            &document_id,
            &attachment_id,
            |sha256| if_none_match(sent_tag.as_deref(), &format!("\"{sha256}\"")),
        )
    })
    .await?;
    let tag = format!("\"{}\"", row.sha256);
    let Some(content) = content else {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .insert_header((header::CACHE_CONTROL, DOWNLOAD_CACHING))
            .finish());
    };
    let name = FileName::stored(row.file_name);
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(name.ascii_fallback()),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: name.as_str().as_bytes().to_vec(),
            }),
        ],
    };
    Ok(HttpResponse::Ok()
        .content_type(row.content_type)
        .insert_header(disposition)
        .insert_header((header::ETAG, tag))
        .insert_header((header::CACHE_CONTROL, DOWNLOAD_CACHING))
        // The type was checked by its first bytes only: a browser must not guess another.
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(content))
}
