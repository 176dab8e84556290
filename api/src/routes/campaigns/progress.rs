//! `GET /campaigns/{id}/progress`: how far a subtree is, and who still needs what; CSV for
//! Excel.

use actix_web::{HttpRequest, HttpResponse, get, web};

use super::dto::{MissingMemberResponse, ProgressQuery, ProgressResponse, ReflectionStatusName};
use crate::app::{self, campaigns::progress};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::csv_download;
use crate::http::problem::Problem;
use crate::state::AppState;

/// A campaign's progress in a subtree.
///
/// For managers of the subtree (`org_id`; when absent, the campaign's host, or the part of it
/// the caller manages, e.g. a cell secretary's cell): counted members
/// (active, not exempt, placed in a target subtree, each once), how many attended a session,
/// have a reflection that counts and have studied, in per cent, overall and for each
/// organisation directly below; and, by cell and name, those who still need a make-up session
/// or a reflection (the first 5,000, `truncated`). With `Accept: text/csv`, all of them as an
/// Excel-ready CSV (UTF-8 with BOM, CRLF).
#[utoipa::path(
    tag = "campaigns",
    operation_id = "campaign_progress",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The campaign's id"),
        ProgressQuery,
    ),
    responses(
        (status = 200, description = "The report", body = ProgressResponse,
            content(
                (ProgressResponse = "application/json"),
                (crate::dto::CsvFile = "text/csv"),
            )),
        (status = 403, description = "The caller does not manage the subtree (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/campaigns/{id:[0-9a-fA-F-]+}/progress")]
pub async fn campaign_progress(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<ProgressQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let as_csv = csv_download::wants_csv(&request);
    let org_id = query.into_inner().org_id.map(|id| id.to_string());
    // The JSON names a bounded list; one more tells it was cut.
    let limit = if as_csv {
        i64::MAX
    } else {
        super::dto::MAX_NAMED as i64 + 1
    };
    let report = app::as_caller(&state, caller.0, move |connection, signed| {
        progress::report(connection, &signed.caller, &id, org_id.as_deref(), limit)
    })
    .await?;
    if as_csv {
        let missing: Vec<MissingMemberResponse> = report.missing.iter().map(Into::into).collect();
        return csv_of(&missing);
    }
    Ok(HttpResponse::Ok().json(ProgressResponse::of(&report)))
}

fn csv_of(missing: &[MissingMemberResponse]) -> Result<HttpResponse, ApiError> {
    let mut writer = csv_download::writer();
    writer
        .write_record([
            "card_number",
            "full_name",
            "cell_code",
            "cell_name",
            "needs_session",
            "needs_reflection",
            "reflection_status",
        ])
        .map_err(ApiError::internal)?;
    let yes_no = |flag: bool| if flag { "yes" } else { "no" };
    for member in missing {
        writer
            .write_record([
                member.card_number.as_str(),
                member.full_name.as_str(),
                member.cell_code.as_str(),
                member.cell_name.as_str(),
                yes_no(member.needs_session),
                yes_no(member.needs_reflection),
                member
                    .reflection_status
                    .map(ReflectionStatusName::as_str)
                    .unwrap_or_default(),
            ])
            .map_err(ApiError::internal)?;
    }
    csv_download::attachment(writer, "campaign-progress.csv")
}
