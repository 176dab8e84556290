//! `POST /members/import`: members in bulk from an Excel-ready CSV.

use actix_web::http::header;
use actix_web::{HttpRequest, post, web};
use futures_util::StreamExt;
use sotay_domain::Language;

use super::dto::{ImportQuery, ImportReport};
use crate::app::{self, blocking, member_import};
use crate::auth::Caller;
use crate::dto::{CsvFile, MAX_IMPORT_BYTES};
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Reads the request body up to `MAX_IMPORT_BYTES`.
async fn read_body(mut payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| ApiError::MalformedJson(error.to_string()))?;
        if body.len() + chunk.len() > MAX_IMPORT_BYTES {
            return Err(ApiError::PayloadTooLarge {
                limit: MAX_IMPORT_BYTES,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Import members from CSV.
///
/// UTF-8 with or without BOM; header row with any of the columns `card_number, full_name,
/// gender, date_of_birth, phone, citizen_id, joined_on, official_on, party_status,
/// activity_status, cell_code` (dates `YYYY-MM-DD`). Rows are matched by card number: a known
/// member is updated with the non-empty cells only, an unknown one is created (needing
/// `full_name`, `party_status`, `cell_code`; no password: a manager resets it). At most 20,000
/// rows and 8 MiB. `dry_run=true` reports without writing; a real import with any bad row
/// writes nothing and answers 422 listing every problem by line.
#[utoipa::path(
    tag = "members",
    operation_id = "import_members",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = CsvFile, content_type = "text/csv", description = "The CSV file: at most 8 MiB and 20,000 rows",
        example = "card_number,full_name,party_status,cell_code\n79012345,Nguyễn Thị Lan,official,HA-TDP05\n"),
    responses(
        (status = 200, description = "Imported, or (dry run) what would be", body = ImportReport),
        (status = 403, description = "Only managers import (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 8 MiB (`payload_too_large`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not `text/csv` (`unsupported_media_type`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad rows, or more than 20,000 of them; nothing written (`validation_failed`, field = `line N: column`, with the row's own code as in the dry-run report)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/import")]
pub async fn import_members(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    request_id: RequestId,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<web::Json<ImportReport>, ApiError> {
    // Refuse a caller who manages nothing before reading a whole file from them.
    app::as_caller(&state, caller.0.clone(), |_, signed| {
        if signed.caller.is_manager() {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    })
    .await?;
    let is_csv = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("text/csv")
        });
    if !is_csv {
        return Err(ApiError::UnsupportedMediaType {
            expected: "text/csv",
        });
    }
    let language = Language::negotiate(
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let body = read_body(payload).await?;
    let dry_run = query.dry_run;
    let (rows, problems) = blocking(move || member_import::read(body, language)).await?;
    member_import::refuse_unreadable(&problems)?;
    let report = app::as_caller(&state, caller.0, move |connection, signed| {
        member_import::import(
            connection,
            signed,
            rows,
            problems,
            dry_run,
            request_id.as_str(),
        )
    })
    .await?;
    Ok(web::Json(report.into()))
}
