//! `GET /campaigns/{id}/reflections`: the handed-in reflections of a subtree.

use actix_web::{get, web};

use super::dto::{ReflectionsQuery, ReviewedReflectionResponse};
use crate::app::{self, campaigns::reflections};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery};
use crate::http::problem::Problem;
use crate::state::AppState;

/// Reflections handed in, for their reviewers.
///
/// For managers of the subtree (`org_id`; when absent, the campaign's host, or the part of
/// it the caller manages): the reflections
/// of members placed there, submitted, accepted or returned (drafts are their authors'
/// alone), oldest first, filtered by state.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_reflections",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The campaign's id"),
        ReflectionsQuery,
        PageQuery,
    ),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<ReviewedReflectionResponse>),
        (status = 403, description = "The caller does not manage the subtree (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/campaigns/{id:[0-9a-fA-F-]+}/reflections")]
pub async fn list_reflections(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<ReflectionsQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<ReviewedReflectionResponse>>, ApiError> {
    let page = page.checked()?;
    let after = page.after_text();
    let fetch_limit = page.fetch_limit();
    let query = query.into_inner();
    let filter = reflections::Query {
        org_id: query.org_id.map(|id| id.to_string()),
        status: query.status.map(Into::into),
    };
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        reflections::list(
            connection,
            &signed.caller,
            &id,
            &filter,
            after.as_deref(),
            fetch_limit,
        )
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |(row, _)| row.id.to_string(),
        |(row, author)| ReviewedReflectionResponse::of(row, &author),
    )))
}
