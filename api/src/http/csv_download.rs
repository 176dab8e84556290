//! CSV answers for Excel: asked for with `Accept: text/csv`, written UTF-8 with a BOM (so Excel
//! reads Vietnamese right) and CRLF line ends, and sent as an attachment.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;

const UTF8_BOM: &str = "\u{feff}";

/// Whether the request asks for CSV (`Accept: text/csv`).
pub fn wants_csv(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"))
}

/// A writer whose output starts with the BOM and ends its rows with CRLF.
pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.as_bytes().to_vec())
}

/// The written file, as an attachment named `file_name`.
pub fn attachment(writer: csv::Writer<Vec<u8>>, file_name: &str) -> Result<HttpResponse, ApiError> {
    let bytes = writer.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(bytes))
}
