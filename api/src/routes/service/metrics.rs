use actix_web::{HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::metrics::{Metrics, PoolReading};
use crate::state::AppState;

const OPENMETRICS_CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Prometheus metrics.
///
/// Requests by method, route and status; latency histograms by route; database pool usage
/// and the statements sent.
/// OpenMetrics text format, which Prometheus scrapes natively.
#[utoipa::path(
    tag = "service",
    operation_id = "get_metrics",
    responses((status = 200, description = "Metrics in OpenMetrics text format",
        content_type = "application/openmetrics-text", body = String))
)]
#[get("/metrics")]
pub async fn metrics(
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> Result<HttpResponse, ApiError> {
    let (open, idle) = state.pool.usage();
    let reading = PoolReading {
        open,
        idle,
        unreachable: state.pool.is_unreachable(),
        statements: state.pool.statements(),
    };
    let text = metrics.render(reading).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(OPENMETRICS_CONTENT_TYPE)
        .body(text))
}
