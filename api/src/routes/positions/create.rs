//! `POST /members/{id}/positions`: a position granted.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::dto::CreatePositionRequest;
use crate::app::{
    self,
    positions::{self, Grant},
};
use crate::auth::Caller;
use crate::dto::PositionResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

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
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/{id:[0-9a-fA-F-]+}/positions")]
pub async fn create_position(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<CreatePositionRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let grant = Grant {
        org_id: body.org_id,
        role: body.role,
        from: body.from,
        until: body.until,
    };
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        positions::grant(connection, signed, &id, grant, request_id.as_str())
    })
    .await?;
    let location = format!("/api/v1/members/{}/positions", row.position.member_id);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(PositionResponse::from(row)))
}
