//! `PATCH /members/{id}`: details, status, cell, temporary attachment.

use actix_web::{patch, web};
use sotay_domain::access::Visibility;

use super::dto::UpdateMemberRequest;
use crate::app::{
    self,
    members::registry::{self, MemberEdit},
};
use crate::auth::Caller;
use crate::dto::MemberResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Change a member: details, party or activity status, cell, temporary attachment.
///
/// Needs a manager of the member's cell (and of the new cell, when moving). Moving keeps the
/// membership history. Suspending or removing ends the member's sessions at once.
#[utoipa::path(
    tag = "members",
    operation_id = "update_member",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "Updated", body = MemberResponse),
        (status = 403, description = "The caller does not manage the member (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Phone or citizen id taken", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/members/{id:[0-9a-fA-F-]+}")]
pub async fn update_member(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<UpdateMemberRequest>,
) -> Result<web::Json<MemberResponse>, ApiError> {
    let body = body.into_inner();
    let edit = MemberEdit {
        full_name: body.full_name,
        gender: body.gender,
        date_of_birth: body.date_of_birth,
        phone: body.phone,
        citizen_id: body.citizen_id,
        joined_on: body.joined_on,
        official_on: body.official_on,
        party_status: body.party_status,
        activity_status: body.activity_status,
        org_id: body.org_id,
        attached_org_id: body.attached_org_id,
    };
    let (row, cells) = app::as_caller(&state, caller.0, move |connection, signed| {
        registry::update(connection, signed, &id, edit, request_id.as_str())
    })
    .await?;
    MemberResponse::for_visibility(row, Visibility::Full, &cells)
        .map(web::Json)
        .ok_or(ApiError::NotFound)
}
