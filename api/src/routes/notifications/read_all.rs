//! `POST /me/notifications/read-all`: the feed read, up to what the phone showed.

use actix_web::{post, web};

use super::dto::{ReadAllQuery, ReadAllResponse};
use crate::app::{self, notifications::feed};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Mark my notifications read.
///
/// All of them, or with `up_to` those up to the newest the phone showed, so that one arriving
/// meanwhile stays unread. Marking again changes nothing.
#[utoipa::path(
    tag = "phone",
    operation_id = "read_all_notifications",
    security(("bearer" = [])),
    params(ReadAllQuery),
    responses(
        (status = 200, description = "How many were marked, and how many stay unread", body = ReadAllResponse),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/notifications/read-all")]
pub async fn read_all_notifications(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ReadAllQuery>,
) -> Result<web::Json<ReadAllResponse>, ApiError> {
    let up_to = query.up_to()?;
    let (marked, unread_count) = app::as_caller(&state, caller.0, move |connection, signed| {
        feed::mark_all_read(connection, signed, up_to)
    })
    .await?;
    Ok(web::Json(ReadAllResponse {
        marked: marked as u64,
        unread_count,
    }))
}
