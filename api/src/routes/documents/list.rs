//! `GET /documents`: the documents I may read, and those I manage.

use actix_web::{get, web};
use sotay_domain::Invalid;
use sotay_domain::document::{DocumentKind, DocumentStatus};
use sotay_domain::text::{fold_for_search, has_control};

use super::dto::DocumentListQuery;
use crate::app::{
    self,
    documents::reading::{self, ListFilter},
};
use crate::auth::Caller;
use crate::dto::documents::DocumentResponse;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery};
use crate::state::AppState;

/// Documents I may read, and those I manage.
///
/// Members see what was published to an organisation holding their cell (or the cell they are
/// temporarily attached to); managers also see every document of their subtrees, drafts
/// included. Lists leave out `body` and `structure`.
#[utoipa::path(
    tag = "documents",
    operation_id = "list_documents",
    security(("bearer" = [])),
    params(DocumentListQuery, PageQuery),
    responses(
        (status = 200, description = "One page, newest first: by first publication, a draft by its creation", body = Page<DocumentResponse>),
    )
)]
#[get("/documents")]
pub async fn list_documents(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DocumentListQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<DocumentResponse>>, ApiError> {
    let page = page.checked()?;
    let query = query.into_inner();
    if query.q.as_deref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::invalid("q", Invalid::too_long(100)));
    }
    // Nothing stored holds control characters: such a search finds nothing.
    if query.q.as_deref().is_some_and(has_control) {
        return Ok(web::Json(Page {
            items: Vec::new(),
            next_cursor: None,
        }));
    }
    let words: Vec<String> = query
        .q
        .as_deref()
        .map(fold_for_search)
        .unwrap_or_default()
        .split_whitespace()
        .map(|word| word.replace(['%', '_', '\\'], ""))
        .filter(|word| !word.is_empty())
        .collect();
    let filter = ListFilter {
        words,
        kind: query
            .kind
            .map(|kind| DocumentKind::parse(kind.as_str()))
            .transpose()
            .map_err(ApiError::internal_invalid)?,
        status: query
            .status
            .map(|status| DocumentStatus::parse(status.as_str()))
            .transpose()
            .map_err(ApiError::internal_invalid)?,
        unread: query.unread,
        required: query.required,
        updated_since: query.updated_since.map(|at| at.naive_utc()),
    };
    let after = page.after_text();
    let fetch_limit = page.fetch_limit();
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        reading::list(
            connection,
            &signed.caller,
            filter,
            after.as_deref(),
            fetch_limit,
        )
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |(row, _)| row.list_key.clone(),
        |(row, terms)| DocumentResponse::listed(row, terms),
    )))
}
