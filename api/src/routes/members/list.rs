//! `GET /members`: the members I may see.

use actix_web::{get, web};
use sotay_domain::Invalid;
use sotay_domain::member::ActivityStatus;
use sotay_domain::text::{fold_for_search, has_control};

use super::dto::MemberListQuery;
use crate::app::{
    self,
    members::listing::{self, ListFilter},
};
use crate::auth::Caller;
use crate::dto::MemberResponse;
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery, key_cursor};
use crate::state::AppState;

/// Members I may see.
///
/// Managers see their subtrees; everyone sees the members of their own cell (names and cells
/// only). Filters: `org_id` (a subtree), `status`, `q` (name or card, diacritics ignored).
#[utoipa::path(
    tag = "members",
    operation_id = "list_members",
    security(("bearer" = [])),
    params(MemberListQuery, PageQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<MemberResponse>),
    )
)]
#[get("/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MemberListQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<MemberResponse>>, ApiError> {
    let page = page.checked()?;
    let query = query.into_inner();
    let search = match query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) if q.chars().count() > 100 => {
            return Err(ApiError::invalid("q", Invalid::too_long(100)));
        }
        // Nothing stored holds control characters: such a search finds nothing.
        Some(q) if has_control(q) => {
            return Ok(web::Json(Page {
                items: Vec::new(),
                next_cursor: None,
            }));
        }
        Some(q) => Some(fold_for_search(q)),
        None => None,
    };
    let filter = ListFilter {
        org_id: query.org_id,
        status: query
            .status
            .map(|status| ActivityStatus::parse(status.as_str()))
            .transpose()
            .map_err(ApiError::internal_invalid)?,
        search,
    };
    let after = page.after_key();
    let fetch_limit = page.fetch_limit();
    let (rows, cells) = app::as_caller(&state, caller.0, move |connection, signed| {
        listing::list(
            connection,
            &signed.caller,
            filter,
            after.as_deref(),
            fetch_limit,
        )
    })
    .await?;
    let page = page.page(
        rows,
        |(row, _)| key_cursor(&row.sort_key),
        |(row, visibility)| MemberResponse::for_visibility(row, visibility, &cells),
    );
    Ok(web::Json(Page {
        items: page.items.into_iter().flatten().collect(),
        next_cursor: page.next_cursor,
    }))
}
