//! Bodies of the service endpoints: health and the server's facts.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthStatus {
    /// Always `ok` when this body is sent.
    #[schema(example = "ok", pattern = "^ok$", max_length = 2)]
    pub status: &'static str,
}

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
