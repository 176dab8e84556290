//! `GET /documents/{id}/readership`: who should read the current version in a subtree, and
//! who has; as JSON, or the not-yet list as an Excel-ready CSV.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::dto::{PendingReader, ReadershipQuery, ReadershipResponse};
use crate::app::{self, documents::readership as report};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::csv_download;
use crate::http::problem::Problem;
use crate::state::AppState;

/// How many not-yet-acknowledged readers a JSON report names; the CSV names them all.
const MAX_PENDING_LISTED: i64 = 1_000;

/// Who has read a document.
///
/// For a subtree the caller manages: how many active members the document reaches (exempt
/// ones excluded, each person once), how many opened and acknowledged the current version,
/// and who has not acknowledged it. With `Accept: text/csv`, the not-yet list as an
/// Excel-ready CSV.
#[utoipa::path(
    tag = "documents",
    operation_id = "document_readership",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id"), ReadershipQuery),
    responses(
        (status = 200, description = "The report", body = ReadershipResponse,
            content(
                (ReadershipResponse = "application/json"),
                (crate::dto::CsvFile = "text/csv"),
            )),
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/readership")]
pub async fn document_readership(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<ReadershipQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let as_csv = csv_download::wants_csv(&request);
    let org_id = query.into_inner().org_id.to_string();
    let limit = if as_csv {
        i64::MAX
    } else {
        MAX_PENDING_LISTED + 1
    };
    let mut report = app::as_caller(&state, caller.0, move |connection, signed| {
        report::report(connection, &signed.caller, &id, &org_id, limit)
    })
    .await?;
    if as_csv {
        return csv_of(&report.pending);
    }
    let truncated = report.pending.len() > MAX_PENDING_LISTED as usize;
    report.pending.truncate(MAX_PENDING_LISTED as usize);
    Ok(HttpResponse::Ok().json(ReadershipResponse {
        document_id: report.document_id,
        version: report.version,
        org_id: report.org_id,
        expected: report.expected,
        opened: report.opened,
        acknowledged: report.acknowledged,
        pending: report
            .pending
            .into_iter()
            .map(|reader| PendingReader {
                member_id: reader.member.id.to_string(),
                full_name: reader.member.full_name,
                card_number: reader.member.card_number,
                org_name: reader.cell.map(|(_, name)| name).unwrap_or_default(),
                org_id: reader.cell_id.to_string(),
                phone: reader.phone,
                opened: reader.opened,
            })
            .collect(),
        pending_truncated: truncated,
    }))
}

fn csv_of(pending: &[report::Pending]) -> Result<HttpResponse, ApiError> {
    let mut writer = csv_download::writer();
    writer
        .write_record([
            "card_number",
            "full_name",
            "cell_code",
            "cell_name",
            "phone",
            "opened",
        ])
        .map_err(ApiError::internal)?;
    for reader in pending {
        let (code, name) = reader.cell.clone().unwrap_or_default();
        writer
            .write_record([
                reader.member.card_number.as_str(),
                reader.member.full_name.as_str(),
                &code,
                &name,
                reader.phone.as_deref().unwrap_or_default(),
                if reader.opened { "yes" } else { "no" },
            ])
            .map_err(ApiError::internal)?;
    }
    csv_download::attachment(writer, "readership.csv")
}
