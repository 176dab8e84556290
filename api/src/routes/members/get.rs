//! `GET /members/{id}`: one member, as much as the caller may see.

use actix_web::{get, web};

use crate::app::{self, members::listing};
use crate::auth::Caller;
use crate::dto::MemberResponse;
use crate::error::ApiError;
use crate::state::AppState;

/// Read a member.
///
/// Colleagues get the basic view; the member and their managers the full one.
#[utoipa::path(
    tag = "members",
    operation_id = "get_member",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    responses(
        (status = 200, description = "The member", body = MemberResponse),
    )
)]
#[get("/members/{id:[0-9a-fA-F-]+}")]
pub async fn get_member(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<MemberResponse>, ApiError> {
    let (row, seen, cells) = app::as_caller(&state, caller.0, move |connection, signed| {
        listing::get(connection, &signed.caller, &id)
    })
    .await?;
    MemberResponse::for_visibility(row, seen, &cells)
        .map(web::Json)
        .ok_or(ApiError::NotFound)
}
