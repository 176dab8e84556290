//! Reading one file from a `multipart/form-data` upload, streamed, within a size limit.

use actix_multipart::Multipart;
use actix_web::http::header::ContentDisposition;
use futures_util::StreamExt;
use sotay_domain::Invalid;

use crate::error::ApiError;

/// The one file of an upload form, as sent.
pub struct Upload {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// An upload whose content and name passed the checks.
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
/// The form's one part, `file`, read up to `max_bytes`.
pub async fn read_upload(mut form: Multipart, max_bytes: usize) -> Result<Upload, ApiError> {
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
