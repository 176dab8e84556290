//! `PATCH /orgs/{id}`: renamed, re-coded or moved with its subtree.

use actix_web::{patch, web};
use sotay_domain::org::{OrgCode, OrgName};
use sotay_domain::validation::Violations;

use super::dto::UpdateOrgRequest;
use crate::app::{
    self,
    orgs::tree::{self, OrgEdit},
};
use crate::auth::Caller;
use crate::dto::OrgResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Rename, re-code or move an organisation.
///
/// Moving takes the whole subtree along; the caller must manage both the organisation and its
/// new parent, and the new parent cannot be inside the organisation.
#[utoipa::path(
    tag = "orgs",
    operation_id = "update_org",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The organisation's id")),
    request_body = UpdateOrgRequest,
    responses(
        (status = 200, description = "Updated", body = OrgResponse),
        (status = 403, description = "The caller does not manage it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken (`code_taken`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/orgs/{id:[0-9a-fA-F-]+}")]
pub async fn update_org(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<UpdateOrgRequest>,
) -> Result<web::Json<OrgResponse>, ApiError> {
    let body = body.into_inner();
    let mut violations = Violations::new();
    let name = body
        .name
        .as_deref()
        .map(|raw| violations.check("name", OrgName::parse(raw)));
    let code = body
        .code
        .as_deref()
        .map(|raw| violations.check("code", OrgCode::parse(raw)));
    if !violations.is_empty() {
        return Err(ApiError::validation(violations.into_inner()));
    }
    let edit = OrgEdit {
        name: name.flatten(),
        code: code.flatten(),
        parent_id: body.parent_id,
    };
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        tree::update(connection, signed, &id, edit, request_id.as_str())
    })
    .await?;
    Ok(web::Json(row.into()))
}
