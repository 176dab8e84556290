//! `GET /documents/{id}/plan-rollup`: the resolution's targets, programs and breakthroughs,
//! and the members' work serving each in a subtree.

use actix_web::{get, web};

use super::dto::{RollupQuery, RollupResponse};
use crate::app::{self, plans::rollup};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// The most members and items the roll-up names.
const NAMED: i64 = 500;

/// How a resolution is carried out in a subtree, from its members' plans.
///
/// For managers of the subtree: for each target, program and breakthrough of the resolution,
/// the items of the handed-in plans of the year serving it, how many members have one, their
/// mean computed progress, how many are met and how many overdue; how many active members
/// have no plan handed in (the first 500 named); and the first 500 items past due.
#[utoipa::path(
    tag = "plans",
    operation_id = "plan_rollup",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The resolution's id"),
        RollupQuery,
    ),
    responses(
        (status = 200, description = "The roll-up", body = RollupResponse),
        (status = 403, description = "The caller does not manage the subtree (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/plan-rollup")]
pub async fn plan_rollup(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<RollupQuery>,
) -> Result<web::Json<RollupResponse>, ApiError> {
    let year = query.year()?;
    let org_id = query.org_id.to_string();
    let rollup = app::as_caller(&state, caller.0, move |connection, signed| {
        rollup::rollup(connection, &signed.caller, &id, &org_id, year, NAMED)
    })
    .await?;
    Ok(web::Json(RollupResponse::from(&rollup)))
}
