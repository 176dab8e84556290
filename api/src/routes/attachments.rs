//! `GET/POST /documents/{id}/attachments`, `GET/DELETE /documents/{id}/attachments/{aid}`:
//! the files a document carries (PDF, DOCX, XLSX, PNG, JPEG), kept in the database.

use actix_multipart::Multipart;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use sotay_domain::Invalid;
use sotay_domain::attachment::{self, FileKind, FileName};
use sotay_domain::document::{self, DocumentAccess, DocumentStatus};
use sotay_persistence::attachments::{self, AttachmentRow, NewAttachment};
use sotay_persistence::documents::{self, DocumentChanges};
use sotay_persistence::{DbConnection, clock};

use crate::audit_trail::{self, Event};
use crate::auth::Caller;
use crate::blocking::{blocking, with_connection};
use crate::error::ApiError;
use crate::problem::Problem;
use crate::request_context::RequestId;
use crate::routes::attachment_dto::{
    AttachmentList, AttachmentResponse, AttachmentUpload, BinaryFile, FileOfVersion,
};
use crate::routes::documents::{
    Visible, if_none_match, managed_document, snapshot_version, too_many_versions, visible_document,
};
use crate::startup::AppState;

/// Access may be withdrawn: a cache keeps a file for this user only, and asks again.
const DOWNLOAD_CACHING: &str = "private, no-cache";

/// The uploaded part, as received.
struct Upload {
    file_name: String,
    content: Vec<u8>,
}

/// An upload whose content and name passed the checks.
struct CheckedFile {
    kind: FileKind,
    name: FileName,
    content: Vec<u8>,
    sha256: String,
}

impl CheckedFile {
    /// Recognises the content and checks the name against it. CPU work on up to 50 MiB:
    /// call it off the actix workers.
    fn check(upload: Upload) -> Result<CheckedFile, ApiError> {
        let kind = attachment::sniff(&upload.content).map_err(|i| ApiError::invalid("file", i))?;
        let name =
            FileName::parse(&upload.file_name, kind).map_err(|i| ApiError::invalid("file", i))?;
        let sha256 = Sha256::digest(&upload.content)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        Ok(CheckedFile {
            kind,
            name,
            content: upload.content,
            sha256,
        })
    }
}

fn invalid_file(code: &'static str, vi: &'static str, en: &'static str) -> ApiError {
    ApiError::invalid("file", Invalid::new(code, vi, en))
}

fn malformed(error: actix_multipart::MultipartError) -> ApiError {
    use actix_multipart::MultipartError as Error;
    match error {
        Error::ContentTypeMissing | Error::ContentTypeParse | Error::ContentTypeIncompatible => {
            ApiError::UnsupportedMediaType {
                expected: "multipart/form-data",
            }
        }
        _ => invalid_file(
            "malformed_upload",
            "Không đọc được biểu mẫu tải lên (multipart/form-data).",
            "The upload form (multipart/form-data) cannot be read.",
        ),
    }
}

/// Reads the form's one `file` part, refusing it as soon as it passes `max_bytes`.
async fn read_upload(mut form: Multipart, max_bytes: usize) -> Result<Upload, ApiError> {
    let mut upload: Option<Upload> = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(malformed)?;
        if field.name() != Some("file") {
            return Err(invalid_file(
                "unexpected_part",
                "Biểu mẫu chỉ gồm một phần tên `file`.",
                "The form holds one part, named `file`, and nothing else.",
            ));
        }
        if upload.is_some() {
            return Err(invalid_file(
                "one_file_only",
                "Mỗi lần tải lên một tệp.",
                "Upload one file at a time.",
            ));
        }
        let disposition = field.content_disposition();
        // `filename*` (RFC 5987) where a client sends it; browsers and phones send the UTF-8
        // name as it is in `filename`.
        let file_name = disposition
            .and_then(ContentDisposition::get_filename_ext)
            .and_then(|extended| String::from_utf8(extended.value.clone()).ok())
            .or_else(|| {
                disposition
                    .and_then(ContentDisposition::get_filename)
                    .map(str::to_owned)
            })
            .ok_or_else(|| {
                invalid_file(
                    "file_name_missing",
                    "Phần `file` phải có tên tệp (filename).",
                    "The `file` part must carry a file name (filename).",
                )
            })?;
        let mut content = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            if content.len() + chunk.len() > max_bytes {
                return Err(ApiError::PayloadTooLarge { limit: max_bytes });
            }
            content.extend_from_slice(&chunk);
        }
        upload = Some(Upload { file_name, content });
    }
    upload.ok_or_else(|| ApiError::invalid("file", Invalid::required()))
}

fn refuse_if_archived(visible: &Visible) -> Result<(), ApiError> {
    if visible.row.status == DocumentStatus::Archived.as_str() {
        return Err(ApiError::conflict(
            "archived",
            "Văn bản đã lưu trữ không được sửa.",
            "An archived document is not edited.",
        ));
    }
    Ok(())
}

/// An attachment change is a change of the document, recorded after the files changed. A
/// draft's `updated_at` moves (for a phone's sync and the document's ETag); a published
/// document gets a new version that carries the new set of files, so readers are asked to
/// acknowledge again and the versions show what each one carried. Returns the new version.
fn record_change(
    connection: &mut DbConnection,
    visible: &Visible,
    actor: &str,
) -> Result<Option<i32>, ApiError> {
    let published = visible.row.status == DocumentStatus::Published.as_str();
    if published && visible.row.version >= document::MAX_VERSIONS {
        return Err(too_many_versions());
    }
    let version = published.then_some(visible.row.version + 1);
    let changes = DocumentChanges {
        version,
        updated_at: Some(clock::now()),
        ..DocumentChanges::default()
    };
    documents::update(connection, &visible.row.id, &changes)?;
    if published {
        snapshot_version(connection, &visible.row.id, Some(actor))?;
    }
    Ok(version)
}

/// The document's files as a version keeps them (JSON).
pub(crate) fn files_of_version(
    connection: &mut DbConnection,
    document_id: &str,
) -> Result<String, ApiError> {
    let files = attachments::of_document(connection, document_id)?
        .into_iter()
        .map(|row| AttachmentResponse::try_from(row).map(FileOfVersion::from))
        .collect::<Result<Vec<_>, _>>()?;
    serde_json::to_string(&files).map_err(ApiError::internal)
}

/// The attachment `attachment_id` of a document the caller sees; 404 otherwise.
fn visible_attachment(
    connection: &mut DbConnection,
    document_id: &str,
    attachment_id: &str,
) -> Result<AttachmentRow, ApiError> {
    if attachment_id.parse::<uuid::Uuid>().is_err() {
        return Err(ApiError::NotFound);
    }
    attachments::find(connection, document_id, attachment_id)?.ok_or(ApiError::NotFound)
}

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
    let caller = caller.0.caller;
    let rows = with_connection(&state.pool, move |connection| {
        connection.read_transaction(|connection| {
            let visible = visible_document(connection, &caller, &id)?;
            Ok(attachments::of_document(connection, &visible.row.id)?)
        })
    })
    .await?;
    Ok(web::Json(AttachmentList {
        items: rows
            .into_iter()
            .map(AttachmentResponse::try_from)
            .collect::<Result<_, _>>()?,
    }))
}

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
    let actor = caller.0.member.id.clone();
    let caller = caller.0.caller;
    // Refuse a hidden or merely readable document before reading megabytes of it.
    let (checked_caller, checked_id) = (caller.clone(), id.clone());
    with_connection(&state.pool, move |connection| {
        connection.read_transaction(|connection| {
            let visible = visible_document(connection, &checked_caller, &checked_id)?;
            if visible.access != DocumentAccess::Manage {
                return Err(ApiError::Forbidden);
            }
            refuse_if_archived(&visible)
        })
    })
    .await?;
    let form = Multipart::new(request.headers(), payload);
    let upload = read_upload(form, state.attachment_max_bytes).await?;
    // Hashing and reading the content need no database connection: keep the pool free.
    let file = blocking(move || CheckedFile::check(upload)).await?;
    let response = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let visible = managed_document(connection, &caller, &id)?;
            refuse_if_archived(&visible)?;
            let held = attachments::count_of_document(connection, &id)?;
            if usize::try_from(held).unwrap_or(usize::MAX) >= attachment::MAX_PER_DOCUMENT {
                return Err(ApiError::conflict(
                    "too_many_attachments",
                    "Văn bản đã có 20 tệp đính kèm.",
                    "The document already has 20 attachments.",
                ));
            }
            stored(connection, &visible, &file, &actor, &request_id)
        })
    })
    .await?;
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

fn stored(
    connection: &mut DbConnection,
    visible: &Visible,
    file: &CheckedFile,
    actor: &str,
    request_id: &RequestId,
) -> Result<AttachmentResponse, ApiError> {
    let CheckedFile {
        kind,
        name,
        content,
        sha256,
    } = file;
    let id = uuid::Uuid::now_v7().to_string();
    let size_bytes = i64::try_from(content.len()).map_err(ApiError::internal)?;
    attachments::insert(
        connection,
        &NewAttachment {
            id: &id,
            document_id: &visible.row.id,
            file_name: name.as_str(),
            content_type: kind.media_type(),
            size_bytes,
            sha256,
            content,
            uploaded_by: Some(actor),
            uploaded_at: clock::now(),
        },
    )?;
    let version = record_change(connection, visible, actor)?;
    audit_trail::record(
        connection,
        Event {
            actor_id: Some(actor),
            action: "document.attachment_added",
            object_type: "document",
            object_id: &visible.row.id,
            org_id: Some(&visible.row.org_id),
            before: None,
            after: Some(
                serde_json::json!({"attachment_id": id, "file_name": name.as_str(),
                "content_type": kind.media_type(), "size_bytes": size_bytes, "sha256": sha256,
                "version": version}),
            ),
            request_id: Some(request_id.as_str()),
        },
    )?;
    let row = attachments::find(connection, &visible.row.id, &id)?.ok_or(ApiError::NotFound)?;
    AttachmentResponse::try_from(row)
}

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
    let caller = caller.0.caller;
    let sent_tag = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let (row, content) = with_connection(&state.pool, move |connection| {
        connection.read_transaction(|connection| {
            visible_document(connection, &caller, &document_id)?;
            let row = visible_attachment(connection, &document_id, &attachment_id)?;
            let tag = format!("\"{}\"", row.sha256);
            if if_none_match(sent_tag.as_deref(), &tag) {
                return Ok((row, None));
            }
            let content = attachments::content(connection, &row.id)?.ok_or(ApiError::NotFound)?;
            Ok((row, Some(content)))
        })
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
    let actor = caller.0.member.id.clone();
    let caller = caller.0.caller;
    with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let visible = managed_document(connection, &caller, &document_id)?;
            let row = visible_attachment(connection, &visible.row.id, &attachment_id)?;
            refuse_if_archived(&visible)?;
            attachments::delete(connection, &row.id)?;
            let version = record_change(connection, &visible, &actor)?;
            audit_trail::record(
                connection,
                Event {
                    actor_id: Some(&actor),
                    action: "document.attachment_removed",
                    object_type: "document",
                    object_id: &visible.row.id,
                    org_id: Some(&visible.row.org_id),
                    before: Some(serde_json::json!({"attachment_id": row.id,
                        "file_name": row.file_name, "size_bytes": row.size_bytes, "sha256": row.sha256})),
                    after: Some(serde_json::json!({"version": version})),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
