//! `POST /orgs`: an organisation under a parent the caller manages.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};
use sotay_domain::org::{OrgCode, OrgKind, OrgName};
use sotay_domain::validation::Violations;

use super::dto::CreateOrgRequest;
use crate::app::{
    self,
    orgs::tree::{self, NewOrganisation},
};
use crate::auth::Caller;
use crate::dto::OrgResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Create an organisation.
///
/// Under a parent the caller manages; a committee at the top only by a system administrator.
#[utoipa::path(
    tag = "orgs",
    operation_id = "create_org",
    security(("bearer" = [])),
    request_body = CreateOrgRequest,
    responses(
        (status = 201, description = "Created", body = OrgResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new organisation's URL")),
            links(
                ("get_org" = (operation_id = "get_org", parameters(("id" = "$response.body#/id")))),
                ("update_org" = (operation_id = "update_org", parameters(("id" = "$response.body#/id")))),
                ("delete_org" = (operation_id = "delete_org", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "The caller does not manage the parent (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken (`code_taken`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/orgs")]
pub async fn create_org(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    body: JsonBody<CreateOrgRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut violations = Violations::new();
    let name = violations.check("name", OrgName::parse(&body.name));
    let kind = violations.check("kind", OrgKind::parse(&body.kind));
    let code = violations.check("code", OrgCode::parse(&body.code));
    let (Some(name), Some(kind), Some(code)) = (name, kind, code) else {
        return Err(ApiError::validation(violations.into_inner()));
    };
    let organisation = NewOrganisation {
        name,
        kind,
        code,
        parent_id: body.parent_id,
    };
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        tree::create(connection, signed, organisation, request_id.as_str())
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/orgs/{}", row.id)))
        .json(OrgResponse::from(row)))
}
