//! `GET/POST /members/{id}/positions`, `DELETE /positions/{id}`.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use sotay_domain::Invalid;
use sotay_domain::ids::PositionId;
use sotay_domain::org::OrgPath;
use sotay_domain::role::{Role, check_room_for_position};
use sotay_persistence::clock;
use sotay_persistence::positions::{self, NewPosition};
use utoipa::ToSchema;

use crate::app;
use crate::app::audit::{self, Event};
use crate::app::orgs::visible_org;
use crate::auth::Caller;
use crate::dto::{PositionResponse, RoleName};
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::routes::members::visible_member;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"org_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21", "role": "secretary", "from": "2025-09-01"}))]
pub struct CreatePositionRequest {
    /// Where the position is held: required for every role but `system_admin`, which is held
    /// above the tree and must have none.
    #[schema(format = Uuid)]
    pub org_id: Option<String>,
    #[schema(value_type = RoleName)]
    pub role: String,
    /// First day; today when absent.
    pub from: Option<NaiveDate>,
    /// Last day, not before `from`; open-ended when absent.
    pub until: Option<NaiveDate>,
}

/// Positions of a member, past and present.
///
/// Anyone who may see the member sees their positions, including ended ones, oldest first.
#[utoipa::path(
    tag = "positions",
    operation_id = "list_member_positions",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    responses(
        (status = 200, description = "Every position, oldest first (at most 200 are ever recorded)", body = Vec<PositionResponse>),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members/{id:[0-9a-fA-F-]+}/positions")]
pub async fn list_positions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Vec<PositionResponse>>, ApiError> {
    let rows = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let (member, _) = visible_member(connection, caller, &id)?;
        Ok(positions::of_member(connection, &member.id)?)
    })
    .await?;
    Ok(web::Json(rows.into_iter().map(Into::into).collect()))
}

/// Grant a position.
///
/// The caller must manage the organisation; only a system administrator grants
/// `system_admin`.
#[utoipa::path(
    tag = "positions",
    operation_id = "create_position",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    request_body = CreatePositionRequest,
    responses(
        (status = 201, description = "Granted", body = PositionResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The member's positions"))),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/{id:[0-9a-fA-F-]+}/positions")]
pub async fn create_position(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: web::Json<CreatePositionRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let role = Role::parse(&body.role).map_err(|invalid| ApiError::invalid("role", invalid))?;
    role.check_placement(body.org_id.is_some())
        .map_err(|invalid| ApiError::invalid("org_id", invalid))?;
    let from = body.from.unwrap_or_else(clock::today);
    for (field, date) in [("from", Some(from)), ("until", body.until)] {
        if date.is_some_and(|date| !sotay_domain::member::plausible(date)) {
            return Err(ApiError::invalid(
                field,
                sotay_domain::member::out_of_range(),
            ));
        }
    }
    if body.until.is_some_and(|until| until < from) {
        return Err(ApiError::invalid(
            "until",
            Invalid::new(
                "before_start",
                "Ngày kết thúc trước ngày bắt đầu.",
                "The end is before the start.",
            ),
        ));
    }
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller; let actor = signed.actor();
        connection.write_transaction(|connection| {
            let (member, _) = visible_member(connection, caller, &id)?;
            let recorded = positions::of_member(connection, &member.id)?;
            let today = clock::today();
            let held = recorded
                .iter()
                .filter(|row| row.position.until_date.is_none_or(|until| until >= today))
                .count();
            let allowed = match &body.org_id {
                None => caller.is_system_admin(),
                Some(org_id) => {
                    let (_, path) = visible_org(connection, caller, org_id).map_err(|error| match error {
                        ApiError::NotFound => ApiError::invalid("org_id", Invalid::new("not_found", "Không có tổ chức này.", "No such organisation.")),
                        other => other,
                    })?;
                    caller.can_manage(&path)
                }
            };
            if !allowed {
                return Err(ApiError::Forbidden);
            }
            check_room_for_position(recorded.len(), held)
                .map_err(|invalid| ApiError::invalid("member_id", invalid))?;
            let position_id = PositionId::new().to_string();
            let row = positions::insert(
                connection,
                &NewPosition {
                    id: &position_id,
                    member_id: &member.id,
                    org_id: body.org_id.as_deref(),
                    role: role.as_str(),
                    from_date: from,
                    until_date: body.until,
                    created_at: clock::now(),
                },
            )?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "position.granted",
                    object_type: "position",
                    object_id: &row.id,
                    org_id: row.org_id.as_deref(),
                    before: None,
                    after: Some(serde_json::json!({"member_id": row.member_id, "role": row.role, "from": row.from_date, "until": row.until_date})),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            positions::find(connection, &row.id)?.ok_or(ApiError::NotFound)
        })
    })
    .await?;
    let location = format!("/api/v1/members/{}/positions", row.position.member_id);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(PositionResponse::from(row)))
}

/// End a position.
///
/// The position ends today; its history is kept. Needs a manager of its organisation (a
/// system administrator for `system_admin`).
#[utoipa::path(
    tag = "positions",
    operation_id = "end_position",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The position's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such position, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/positions/{id:[0-9a-fA-F-]+}")]
pub async fn end_position(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let actor = signed.actor();
        connection.write_transaction(|connection| {
            if id.parse::<PositionId>().is_err() {
                return Err(ApiError::NotFound);
            }
            let found = positions::find(connection, &id)?.ok_or(ApiError::NotFound)?;
            // Visible to whoever may see the holder; managed by whoever manages its place.
            visible_member(connection, caller, &found.position.member_id)?;
            let allowed = match found.org_path.as_deref().map(OrgPath::parse) {
                None => caller.is_system_admin(),
                Some(Some(path)) => caller.can_manage(&path),
                Some(None) => return Err(ApiError::internal("malformed stored path")),
            };
            if !allowed {
                return Err(ApiError::Forbidden);
            }
            let today = clock::today();
            if found.position.until_date.is_none_or(|until| until > today) {
                positions::end(connection, &found.position.id, today)?;
            }
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "position.ended",
                    object_type: "position",
                    object_id: &found.position.id,
                    org_id: found.position.org_id.as_deref(),
                    before: Some(serde_json::json!({"until": found.position.until_date})),
                    after: Some(serde_json::json!({"until": today})),
                    request_id: Some(request_id.as_str()),
                },
            )
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
