use actix_web::{get, web};
use serde::Serialize;
use sotay_persistence::{instance, migrations};
use utoipa::ToSchema;

use crate::app::with_connection;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// The version of the API path this server speaks.
pub const API_VERSION: &str = "v1";

#[derive(Debug, Serialize, ToSchema)]
pub struct Meta {
    /// The server's release.
    #[schema(example = "0.1.0", max_length = 64)]
    pub version: &'static str,
    /// The API path version: `/api/v1`.
    #[schema(example = "v1", max_length = 8)]
    pub api_version: &'static str,
    /// The database backend in use.
    #[schema(example = "sqlite")]
    pub database: DatabaseKind,
    /// The newest migration applied to the database; null on an empty database.
    #[schema(example = "20261125000000", max_length = 64)]
    pub schema_version: Option<String>,
    /// Names this database. A client that kept data offline and sees it change must sync
    /// from scratch: the server's database was replaced, not merely changed.
    #[schema(example = "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21", format = Uuid)]
    pub instance_id: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DatabaseKind {
    Sqlite,
    Postgresql,
}

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
