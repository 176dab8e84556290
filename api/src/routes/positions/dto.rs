//! The body of a position to grant.

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::dto::RoleName;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"org_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21", "role": "secretary", "from": "2025-09-01"}))]
pub struct CreatePositionRequest {
    /// Where the position is held: required for every role but `system_admin`, which is held
    /// above the tree and must have none.
    #[schema(format = Uuid)]
    pub org_id: Option<String>,
    #[schema(value_type = RoleName)]
    pub role: String,
    /// First day; today when absent.
    pub from: Option<NaiveDate>,
    /// Last day, not before `from`; open-ended when absent.
    pub until: Option<NaiveDate>,
}
