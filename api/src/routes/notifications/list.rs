//! `GET /me/notifications`: the caller's feed.

use actix_web::{get, web};

use super::dto::{FeedPage, FeedQuery};
use crate::app::{self, notifications::feed};
use crate::auth::Caller;
use crate::dto::notifications::NotificationResponse;
use crate::error::ApiError;
use crate::http::pagination::PageQuery;
use crate::http::problem::Problem;
use crate::state::AppState;

/// My notifications, newest first.
///
/// What the caller heard of: documents published to them (and new versions of those they must
/// study), sessions they are invited to (announced, moved, called off), corrections of their
/// attendance, reviews of their reflections and plans, and reminders. `unread=true` gives the
/// unread ones; `unread_count` counts all unread, whatever the page.
#[utoipa::path(
    tag = "phone",
    operation_id = "list_notifications",
    security(("bearer" = [])),
    params(FeedQuery, PageQuery),
    responses(
        (status = 200, description = "One page, newest first", body = FeedPage),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/notifications")]
pub async fn list_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<FeedQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<FeedPage>, ApiError> {
    let page = page.checked()?;
    let (before, fetch_limit) = (page.after_text(), page.fetch_limit());
    let unread_only = query.unread.unwrap_or(false);
    let found = app::as_caller(&state, caller.0, move |connection, signed| {
        feed::feed(
            connection,
            signed,
            unread_only,
            before.as_deref(),
            fetch_limit,
        )
    })
    .await?;
    let page = page.page(
        found.rows,
        |row| row.event.id.to_string(),
        NotificationResponse::from,
    );
    Ok(web::Json(FeedPage {
        items: page.items,
        next_cursor: page.next_cursor,
        unread_count: found.unread_count,
    }))
}
