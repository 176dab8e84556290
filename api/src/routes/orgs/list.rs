//! `GET /orgs`: the organisations I may see.

use actix_web::{get, web};
use sotay_domain::org::OrgKind;

use super::dto::OrgListQuery;
use crate::app::{
    self,
    orgs::tree::{self, ListFilter},
};
use crate::auth::Caller;
use crate::dto::OrgResponse;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery};
use crate::state::AppState;

/// List the organisations I may see.
///
/// Managers see their subtrees; everyone sees the chain of organisations above their own cell.
#[utoipa::path(
    tag = "orgs",
    operation_id = "list_orgs",
    security(("bearer" = [])),
    params(OrgListQuery, PageQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<OrgResponse>),
    )
)]
#[get("/orgs")]
pub async fn list_orgs(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OrgListQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<OrgResponse>>, ApiError> {
    let page = page.checked()?;
    let query = query.into_inner();
    let filter = ListFilter {
        within: query.within,
        kind: query
            .kind
            .map(|kind| OrgKind::parse(kind.as_str()))
            .transpose()
            .map_err(ApiError::internal_invalid)?,
        parent_id: query.parent_id,
    };
    let after = page.after_text();
    let fetch_limit = page.fetch_limit();
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        tree::list(
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
        |row| row.id.to_string(),
        OrgResponse::from,
    )))
}
