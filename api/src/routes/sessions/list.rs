//! `GET /sessions`: sessions the caller is invited to, oversees or runs.

use actix_web::{get, web};

use super::dto::{SessionQuery, SessionSummaryResponse};
use crate::app::{self, sessions::listing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery, key_cursor};
use crate::state::AppState;

/// Sessions I am invited to, oversee or run, by start time.
///
/// Members see the published sessions inviting their cell (or an organisation above it);
/// managers also those of their subtree, drafts included where they manage the host. Filter by
/// start (`from`, `to`) and by organisation.
#[utoipa::path(
    tag = "sessions",
    operation_id = "list_sessions",
    security(("bearer" = [])),
    params(SessionQuery, PageQuery),
    responses(
        (status = 200, description = "One page, by start time", body = Page<SessionSummaryResponse>),
    )
)]
#[get("/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SessionQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<SessionSummaryResponse>>, ApiError> {
    let page = page.checked()?;
    let after = page.after_key();
    let fetch_limit = page.fetch_limit();
    let query = query.into_inner();
    let filter = listing::Query {
        from: query.from.map(|at| at.naive_utc()),
        to: query.to.map(|at| at.naive_utc()),
        org_id: query.org_id,
    };
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        listing::list(
            connection,
            &signed.caller,
            &filter,
            after.as_deref(),
            fetch_limit,
        )
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |row| key_cursor(&row.list_key),
        SessionSummaryResponse::from,
    )))
}
