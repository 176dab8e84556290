//! `POST /members`: a member registered in a cell the caller manages.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};
use sotay_domain::access::Visibility;

use super::dto::CreateMemberRequest;
use crate::app::{
    self,
    members::registry::{self, MemberDraft},
};
use crate::auth::Caller;
use crate::dto::MemberResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Register a member in a cell the caller manages.
///
/// The card number, phone and citizen id must be unique (`409` names the one taken). With a
/// `temporary_password` the member can log in at once and must change it first; without one,
/// a manager resets their password later.
#[utoipa::path(
    tag = "members",
    operation_id = "create_member",
    security(("bearer" = [])),
    request_body = CreateMemberRequest,
    responses(
        (status = 201, description = "Created", body = MemberResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new member's URL")),
            links(
                ("get_member" = (operation_id = "get_member", parameters(("id" = "$response.body#/id")))),
                ("update_member" = (operation_id = "update_member", parameters(("id" = "$response.body#/id")))),
                ("reset_member_password" = (operation_id = "reset_member_password", parameters(("id" = "$response.body#/id")))),
                ("create_position" = (operation_id = "create_position", parameters(("id" = "$response.body#/id")))),
                ("list_member_positions" = (operation_id = "list_member_positions", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "The caller does not manage the cell (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Card number, phone or citizen id taken (`card_number_taken`, `phone_taken`, `citizen_id_taken`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members")]
pub async fn create_member(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    body: JsonBody<CreateMemberRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let draft = MemberDraft {
        card_number: body.card_number,
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
        temporary_password: body.temporary_password,
    };
    let fields = registry::check_new(&draft)?;
    let password_hash = match &fields.temporary_password {
        Some(password) => {
            // A hash costs ~17 ms of a core: spent only on a caller who may be here.
            app::as_caller(&state, caller.0.clone(), |_, _| Ok(())).await?;
            Some(state.hasher.hash(password.expose().into()).await?)
        }
        None => None,
    };
    let (row, cells) = app::as_caller(&state, caller.0, move |connection, signed| {
        registry::create(
            connection,
            signed,
            draft,
            fields,
            password_hash,
            request_id.as_str(),
        )
    })
    .await?;
    let location = format!("/api/v1/members/{}", row.id);
    let body = MemberResponse::for_visibility(row, Visibility::Full, &cells)
        .ok_or_else(|| ApiError::internal("hidden"))?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(body))
}
