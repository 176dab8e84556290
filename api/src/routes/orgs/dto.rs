//! Bodies and queries of the organisation endpoints.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::dto::OrgKindName;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "Chi bộ Tổ dân phố 5", "kind": "cell", "parent_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21", "code": "HA-TDP05"}))]
pub struct CreateOrgRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[schema(value_type = OrgKindName)]
    pub kind: String,
    /// Required except for a committee at the top (system administrators only).
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
    /// Unique short code: letters, digits, `-`, `_`, `.`.
    #[schema(min_length = 1, max_length = 32, pattern = "^[0-9A-Za-z._-]{1,32}$")]
    pub code: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"name": "Chi bộ Tổ dân phố 5 (mới)"}))]
pub struct UpdateOrgRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(min_length = 1, max_length = 32, pattern = "^[0-9A-Za-z._-]{1,32}$")]
    pub code: Option<String>,
    /// Moves the organisation, with its whole subtree, under another parent.
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrgListQuery {
    /// Only this organisation and its subtree.
    pub within: Option<uuid::Uuid>,
    /// Only direct children of this organisation.
    pub parent_id: Option<uuid::Uuid>,
    /// Only this kind.
    #[param(inline)]
    pub kind: Option<OrgKindName>,
}
