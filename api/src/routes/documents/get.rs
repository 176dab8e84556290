//! `GET /documents/{id}`: one document, whole; the first open of a version is its receipt.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::app::{self, documents::reading};
use crate::auth::Caller;
use crate::dto::documents::DocumentResponse;
use crate::error::ApiError;
use crate::http::conditional::if_none_match;
use crate::state::AppState;

/// The ETag of a document as the caller sees it: changes with every edit and with the
/// caller's own reading of it.
fn etag(response: &DocumentResponse) -> String {
    format!(
        "\"{}-{}-{}{}\"",
        response.version,
        response.updated_at.timestamp_micros(),
        u8::from(response.opened),
        u8::from(response.acknowledged)
    )
}

/// Read a document.
///
/// The first open of each version is recorded (read receipt). Answers `304` to a matching
/// `If-None-Match`.
#[utoipa::path(
    tag = "documents",
    operation_id = "get_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    responses(
        (status = 200, description = "The document, with its body and structure", body = DocumentResponse,
            headers(("ETag" = crate::dto::EntityTag, description = "Send back as `If-None-Match`"))),
        (status = 304, description = "Not changed since the ETag sent"),
    )
)]
#[get("/documents/{id:[0-9a-fA-F-]+}")]
pub async fn get_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        reading::open(connection, &signed.caller, &id)
    })
    .await?;
    let response = DocumentResponse::whole(view);
    let tag = etag(&response);
    let sent = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok());
    if if_none_match(sent, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(response))
}
