//! `GET /health/live`: the process is up (no database involved).

use actix_web::{get, web};

use super::dto::HealthStatus;

/// Is the process up?
///
/// Answers as long as the server accepts requests; touches nothing else.
#[utoipa::path(
    tag = "service",
    operation_id = "health_live",
    responses((status = 200, description = "The process is up", body = HealthStatus))
)]
#[get("/health/live")]
pub async fn live() -> web::Json<HealthStatus> {
    web::Json(HealthStatus { status: "ok" })
}
