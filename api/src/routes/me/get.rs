//! `GET /me`: who am I, where, in which positions, and what waits for me.

use actix_web::{get, web};

use super::dto::{DocumentBadges, MeResponse};
use crate::app::{self, profile};
use crate::auth::Authenticated;
use crate::dto::MemberResponse;
use crate::error::ApiError;
use crate::state::AppState;
use sotay_domain::access::Visibility;

/// Who am I?
///
/// Answers even while a temporary password must still be changed, so that the app can say so.
#[utoipa::path(
    tag = "me",
    operation_id = "get_me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's profile", body = MeResponse),
    )
)]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    caller: Authenticated,
) -> Result<web::Json<MeResponse>, ApiError> {
    let profile = app::as_caller(&state, caller.0, move |connection, signed| {
        profile::of(connection, signed)
    })
    .await?;
    Ok(web::Json(MeResponse {
        member: MemberResponse::for_visibility(profile.member, Visibility::Full, &profile.cells)
            .ok_or_else(|| ApiError::internal("a member always sees themselves"))?,
        cell: profile.cell.into(),
        attached_cell: profile.attached_cell.map(Into::into),
        positions: profile.positions.into_iter().map(Into::into).collect(),
        documents: DocumentBadges {
            unread: profile.unread,
            required_unacknowledged: profile.required_unacknowledged,
        },
    }))
}
