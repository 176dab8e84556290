//! `GET /health/ready`: the database answers and its schema is this build's.

use std::time::Duration;

use actix_web::{get, web};
use sotay_persistence::migrations;

use super::dto::HealthStatus;
use crate::app::with_connection_within;
use crate::error::{ApiError, NotReady};
use crate::http::problem::Problem;
use crate::state::AppState;

/// Readiness must answer within about two seconds even when the database is gone: a load
/// balancer's probe times out and counts that as a failure of its own.
const READY_POOL_WAIT: Duration = Duration::from_millis(1500);
const READY_DEADLINE: Duration = Duration::from_secs(2);

/// Can this node serve traffic?
///
/// Ready when the database answers and its schema has no pending migration. Answers within
/// about two seconds whatever the database does.
#[utoipa::path(
    tag = "service",
    operation_id = "health_ready",
    responses(
        (status = 200, description = "Ready to serve", body = HealthStatus),
        (status = 503, description = "The database is unreachable (`database_unreachable`) or \
            its schema is out of date (`migrations_pending`)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = crate::dto::RetryAfterSeconds, description = "Seconds to wait before probing again"))),
    )
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<web::Json<HealthStatus>, ApiError> {
    let check = with_connection_within(&state.pool, READY_POOL_WAIT, |connection| {
        migrations::has_pending(connection).map_err(ApiError::from)
    });
    match tokio::time::timeout(READY_DEADLINE, check).await {
        Ok(Ok(false)) => Ok(web::Json(HealthStatus { status: "ok" })),
        Ok(Ok(true)) => Err(ApiError::NotReady(NotReady::MigrationsPending)),
        Ok(Err(ApiError::DatabaseUnavailable(cause))) => {
            tracing::warn!(%cause, "not ready: database unreachable");
            Err(ApiError::NotReady(NotReady::DatabaseUnreachable))
        }
        Ok(Err(other)) => Err(other),
        Err(_elapsed) => Err(ApiError::NotReady(NotReady::DatabaseUnreachable)),
    }
}
