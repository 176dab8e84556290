//! `GET /campaigns`: campaigns the caller runs, oversees or studies in.

use actix_web::{get, web};

use super::dto::{CampaignQuery, CampaignSummaryResponse};
use crate::app::{self, campaigns::listing};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery, key_cursor};
use crate::state::AppState;

/// Campaigns I study in, oversee or run, by deadline.
///
/// Members see the campaigns whose target organisations hold their cell; managers also those
/// of their subtree. Filter by document and by organisation.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "list_campaigns",
    security(("bearer" = [])),
    params(CampaignQuery, PageQuery),
    responses(
        (status = 200, description = "One page, by deadline", body = Page<CampaignSummaryResponse>),
    )
)]
#[get("/campaigns")]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CampaignQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<CampaignSummaryResponse>>, ApiError> {
    let page = page.checked()?;
    let after = page.after_key();
    let fetch_limit = page.fetch_limit();
    let query = query.into_inner();
    let filter = listing::Query {
        document_id: query.document_id,
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
        CampaignSummaryResponse::from,
    )))
}
