//! `GET/POST /orgs`, `GET/PATCH/DELETE /orgs/{id}`: the organisation tree.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use sotay_domain::Invalid;
use sotay_domain::ids::OrgId;
use sotay_domain::org::{OrgCode, OrgKind, OrgName, OrgPath};
use sotay_domain::validation::Violations;
use sotay_persistence::clock;
use sotay_persistence::orgs::{self, NewOrg, OrgChanges, OrgFilter, OrgRow};
use utoipa::{IntoParams, ToSchema};

use crate::app;
use crate::app::audit::{self, Event};
use crate::app::orgs::{org_filter, referenced_org, visible_org};
use crate::auth::Caller;
use crate::dto::{OrgKindName, OrgResponse};
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery};
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "Chi bộ Tổ dân phố 5", "kind": "cell", "parent_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21", "code": "HA-TDP05"}))]
pub struct CreateOrgRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(value_type = OrgKindName)]
    pub kind: String,
    /// Required except for a committee at the top (system administrators only).
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
    /// Unique short code: letters, digits, `-`, `_`, `.`.
    #[schema(min_length = 1, max_length = 32, pattern = "^[0-9A-Za-z._-]{1,32}$")]
    pub code: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "Chi bộ Tổ dân phố 5 (mới)"}))]
pub struct UpdateOrgRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(min_length = 1, max_length = 32, pattern = "^[0-9A-Za-z._-]{1,32}$")]
    pub code: Option<String>,
    /// Moves the organisation, with its whole subtree, under another parent.
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgListQuery {
    /// Only this organisation and its subtree.
    pub within: Option<uuid::Uuid>,
    /// Only direct children of this organisation.
    pub parent_id: Option<uuid::Uuid>,
    /// Only this kind.
    #[param(inline)]
    pub kind: Option<OrgKindName>,
}

fn code_taken() -> ApiError {
    ApiError::conflict(
        "code_taken",
        "Mã tổ chức này đã được dùng.",
        "This organisation code is taken.",
    )
}

/// List the organisations I may see.
///
/// Managers see their subtrees; everyone sees the chain of organisations above their own cell.
#[utoipa::path(
    tag = "orgs",
    operation_id = "list_orgs",
    security(("bearer" = [])),
    params(OrgListQuery, PageQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<OrgResponse>),
        (status = 400, description = "Unreadable query string (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter out of range or naming nothing (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/orgs")]
pub async fn list_orgs(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OrgListQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<OrgResponse>>, ApiError> {
    let page = page.checked()?;
    let query = query.into_inner();
    let after = page.after_text();
    let fetch_limit = page.fetch_limit();
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let scope = caller.scope();
        let Some(within) = org_filter(connection, caller, query.within)? else {
            return Ok(Vec::new());
        };
        let parent_id = query.parent_id.map(|id| id.to_string());
        let filter = OrgFilter {
            within: within.as_ref(),
            kind: query.kind.map(OrgKindName::as_str),
            parent_id: parent_id.as_deref(),
        };
        Ok(orgs::list(
            connection,
            &scope,
            &filter,
            after.as_deref(),
            fetch_limit,
        )?)
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |row| row.id.clone(),
        OrgResponse::from,
    )))
}

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
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage the parent (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken (`code_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/orgs")]
pub async fn create_org(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    body: web::Json<CreateOrgRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut violations = Violations::new();
    let name = violations.check("name", OrgName::parse(&body.name));
    let kind = violations.check("kind", OrgKind::parse(&body.kind));
    let code = violations.check("code", OrgCode::parse(&body.code));
    let (Some(name), Some(kind), Some(code)) = (name, kind, code) else {
        return Err(ApiError::validation(violations.into_inner()));
    };
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let actor = signed.actor();
        connection.write_transaction(|connection| {
            let parent = match &body.parent_id {
                Some(id) => Some(referenced_org(connection, caller, "parent_id", id)?),
                None => None,
            };
            let allowed = match &parent {
                Some((_, path)) => caller.can_manage(path),
                None => caller.is_system_admin(),
            };
            if !allowed {
                return Err(ApiError::Forbidden);
            }
            let parent_kind = parent
                .as_ref()
                .map(|(row, _)| OrgKind::parse(&row.kind))
                .transpose()
                .map_err(ApiError::internal_invalid)?;
            kind.may_sit_under(parent_kind)
                .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
            if orgs::find_by_code(connection, code.as_str())?.is_some() {
                return Err(code_taken());
            }
            let id = OrgId::new();
            let path = match &parent {
                Some((_, parent_path)) => parent_path.child(id),
                None => OrgPath::root(id),
            };
            OrgPath::check_depth(path.depth())
                .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
            let now = clock::now();
            let id = id.to_string();
            let row = orgs::insert(
                connection,
                &NewOrg {
                    id: &id,
                    parent_id: body.parent_id.as_deref(),
                    path: path.as_str(),
                    kind: kind.as_str(),
                    name: name.as_str(),
                    code: code.as_str(),
                    created_at: now,
                    updated_at: now,
                },
            )
            .map_err(|error| ApiError::unique_or(error, code_taken))?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "org.created",
                    object_type: "org",
                    object_id: &row.id,
                    org_id: Some(&row.id),
                    before: None,
                    after: Some(org_snapshot(&row)),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            Ok(row)
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/orgs/{}", row.id)))
        .json(OrgResponse::from(row)))
}

/// Read an organisation.
///
/// Callers see their own cells, the organisations above them, and the subtrees they oversee
/// or manage; any other id answers `404`, exactly as an id that does not exist.
#[utoipa::path(
    tag = "orgs",
    operation_id = "get_org",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The organisation's id")),
    responses(
        (status = 200, description = "The organisation", body = OrgResponse),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/orgs/{id:[0-9a-fA-F-]+}")]
pub async fn get_org(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<OrgResponse>, ApiError> {
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        Ok(visible_org(connection, caller, &id)?.0)
    })
    .await?;
    Ok(web::Json(row.into()))
}

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
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The code is taken (`code_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/orgs/{id:[0-9a-fA-F-]+}")]
pub async fn update_org(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: web::Json<UpdateOrgRequest>,
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
    let (name, code) = (name.flatten(), code.flatten());
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let actor = signed.actor();
        connection.write_transaction(|connection| {
            let (before, path) = visible_org(connection, caller, &id)?;
            if !caller.can_manage(&path) {
                return Err(ApiError::Forbidden);
            }
            if let Some(code) = &code
                && code.as_str() != before.code
                && orgs::find_by_code(connection, code.as_str())?.is_some()
            {
                return Err(code_taken());
            }
            if let Some(new_parent_id) = body
                .parent_id
                .as_deref()
                .filter(|p| Some(*p) != before.parent_id.as_deref())
            {
                let (parent, parent_path) =
                    referenced_org(connection, caller, "parent_id", new_parent_id)?;
                if !caller.can_manage(&parent_path) {
                    return Err(ApiError::Forbidden);
                }
                if path.contains(&parent_path) {
                    return Err(ApiError::invalid(
                        "parent_id",
                        Invalid::new(
                            "cycle",
                            "Không thể chuyển một tổ chức vào bên trong chính nó.",
                            "An organisation cannot move inside itself.",
                        ),
                    ));
                }
                let kind = OrgKind::parse(&before.kind).map_err(ApiError::internal_invalid)?;
                let parent_kind =
                    OrgKind::parse(&parent.kind).map_err(ApiError::internal_invalid)?;
                kind.may_sit_under(Some(parent_kind))
                    .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
                let id = path.id().ok_or_else(|| ApiError::internal("empty path"))?;
                let new_path = parent_path.child(id);
                let deepest = orgs::deepest_depth_within(connection, &path)?;
                OrgPath::check_depth(deepest.saturating_sub(path.depth()) + new_path.depth())
                    .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
                orgs::move_subtree(connection, &before.id, &parent.id, &path, &new_path)?;
            }
            orgs::update(
                connection,
                &before.id,
                &OrgChanges {
                    name: name.as_ref().map(OrgName::as_str),
                    code: code.as_ref().map(OrgCode::as_str),
                    updated_at: Some(clock::now()),
                },
            )
            .map_err(|error| ApiError::unique_or(error, code_taken))?;
            let after = orgs::find(connection, &before.id)?.ok_or(ApiError::NotFound)?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "org.updated",
                    object_type: "org",
                    object_id: &after.id,
                    org_id: Some(&after.id),
                    before: Some(org_snapshot(&before)),
                    after: Some(org_snapshot(&after)),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(web::Json(row.into()))
}

/// Delete an empty organisation.
///
/// Only one with no sub-organisations, no members and no positions: anything else has history
/// to keep. Needs a manager of the parent (a system administrator for the top).
#[utoipa::path(
    tag = "orgs",
    operation_id = "delete_org",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The organisation's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage the parent (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is not empty (`org_not_empty`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/orgs/{id:[0-9a-fA-F-]+}")]
pub async fn delete_org(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller; let actor = signed.actor();
        connection.write_transaction(|connection| {
            let (org, path) = visible_org(connection, caller, &id)?;
            let allowed = match &path.parent() {
                Some(parent) => caller.can_manage(parent),
                None => caller.is_system_admin(),
            };
            if !allowed {
                return Err(ApiError::Forbidden);
            }
            if orgs::dependants(connection, &org.id)? > 0 {
                return Err(ApiError::conflict(
                    "org_not_empty",
                    "Tổ chức còn tổ chức con, đảng viên hoặc chức vụ: không thể xóa.",
                    "The organisation still has sub-organisations, members or positions: it cannot be deleted.",
                ));
            }
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "org.deleted",
                    object_type: "org",
                    object_id: &org.id,
                    org_id: org.parent_id.as_deref(),
                    before: Some(org_snapshot(&org)),
                    after: None,
                    request_id: Some(request_id.as_str()),
                },
            )?;
            orgs::delete(connection, &org.id)?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

fn org_snapshot(row: &OrgRow) -> serde_json::Value {
    serde_json::json!({
        "name": row.name,
        "code": row.code,
        "kind": row.kind,
        "parent_id": row.parent_id,
    })
}
