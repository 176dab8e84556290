//! `GET /campaigns/{id}/reflection`: the caller's reflection in a campaign.

use actix_web::{get, web};

use super::dto::ReflectionResponse;
use crate::app::{self, campaigns::reflections};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// My reflection (bài thu hoạch) in a campaign.
///
/// With its history of submissions and reviews; `id` and `status` are null while nothing is
/// written, and `writable` says whether the caller may write it now.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "own_reflection",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The campaign's id")),
    responses(
        (status = 200, description = "The caller's reflection", body = ReflectionResponse),
    )
)]
#[get("/campaigns/{id:[0-9a-fA-F-]+}/reflection")]
pub async fn own_reflection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<ReflectionResponse>, ApiError> {
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        reflections::own(connection, signed, &id)
    })
    .await?;
    Ok(web::Json(view.into()))
}
