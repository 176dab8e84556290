//! The route table: every endpoint, registered so that utoipa collects it into the OpenAPI
//! document. One handler, one file; find `GET /health/ready` in `health.rs`.

mod fallback;
mod health;
mod meta;
mod metrics;

pub use fallback::fallback;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(config: &mut ServiceConfig) {
    config
        .service(health::live)
        .service(health::ready)
        .service(metrics::metrics)
        .service(utoipa_actix_web::scope("/api/v1").service(meta::meta));
}
