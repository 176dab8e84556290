//! `GET /members/export`: the members the caller manages, as an Excel-ready CSV.

use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, get, web};

use super::dto::ExportQuery;
use crate::app::{self, member_export};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Export members as CSV (UTF-8 with BOM, for Excel).
///
/// The members of the subtree the caller manages (or of `org_id` in it), with every column of
/// the import format.
#[utoipa::path(
    tag = "members",
    operation_id = "export_members",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The CSV file", content_type = "text/csv", body = String),
        (status = 403, description = "The caller does not manage that organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members/export")]
pub async fn export_members(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let org_id = query.into_inner().org_id;
    let text = app::as_caller(&state, caller.0, move |connection, signed| {
        member_export::csv(connection, &signed.caller, org_id)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(ContentType(mime_csv()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"members.csv\"",
        ))
        .body(text))
}

fn mime_csv() -> actix_web::mime::Mime {
    "text/csv; charset=utf-8"
        .parse()
        .unwrap_or(actix_web::mime::TEXT_CSV_UTF_8)
}
