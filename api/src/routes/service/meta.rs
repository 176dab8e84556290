//! `GET /meta`: release, API version, backend, schema version and instance id.

use actix_web::{get, web};
use sotay_persistence::{instance, migrations};

use super::dto::{API_VERSION, DatabaseKind, Meta};
use crate::app::with_connection;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// What this server is.
///
/// Release, API version, database backend and schema version: what a support request needs.
#[utoipa::path(
    tag = "service",
    operation_id = "get_meta",
    responses(
        (status = 200, description = "Facts about this server", body = Meta),
        (status = 503, description = "The database is unavailable (`database_unavailable`)",
            body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = crate::dto::RetryAfterSeconds, description = "Seconds to wait before retrying"))),
    )
)]
#[get("/meta")]
pub async fn meta(state: web::Data<AppState>) -> Result<web::Json<Meta>, ApiError> {
    let (schema_version, instance_id) = with_connection(&state.pool, |connection| {
        let schema_version = migrations::schema_version(connection)?;
        // Before the first migration there is no instance table to read.
        let instance_id = match schema_version {
            Some(_) => {
                instance::instance_id(connection).map_err(sotay_persistence::DbError::from)?
            }
            None => None,
        };
        Ok((schema_version, instance_id))
    })
    .await?;
    Ok(web::Json(Meta {
        version: env!("CARGO_PKG_VERSION"),
        api_version: API_VERSION,
        database: match state.backend {
            sotay_persistence::Backend::Sqlite => DatabaseKind::Sqlite,
            sotay_persistence::Backend::Postgres => DatabaseKind::Postgresql,
        },
        schema_version,
        instance_id,
    }))
}
