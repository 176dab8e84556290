//! Bodies of the `/me` endpoints.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::dto::{MemberResponse, OrgResponse, PositionResponse};

/// The caller's profile: who they are, their cell, and the positions they hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub member: MemberResponse,
    /// The member's own cell.
    pub cell: OrgResponse,
    /// The cell they are temporarily attached to, if any.
    pub attached_cell: Option<OrgResponse>,
    /// Positions held today (a member holds a handful; the server allows at most 20).
    #[schema(max_items = 20)]
    pub positions: Vec<PositionResponse>,
    /// Counts for the app's badges, without paging through the library.
    pub documents: DocumentBadges,
}

/// What waits for the caller in the library.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentBadges {
    /// Published documents whose current version the caller has not opened: what
    /// `GET /documents?unread=true` lists.
    #[schema(minimum = 0, maximum = 10000000, value_type = u32)]
    pub unread: i64,
    /// Documents required of the caller whose current version they have not acknowledged:
    /// what `GET /documents?required=true` lists with `acknowledged: false`.
    #[schema(minimum = 0, maximum = 10000000, value_type = u32)]
    pub required_unacknowledged: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"current_password": "mat khau tam thoi 123", "new_password": "hoa sen nở giữa hồ"}))]
pub struct ChangePasswordRequest {
    #[schema(value_type = String, min_length = 1, max_length = 128, format = Password)]
    pub current_password: SecretString,
    /// At least 8 characters (12 or more recommended), at most 128; not a common password.
    #[schema(value_type = String, min_length = 8, max_length = 128, format = Password)]
    pub new_password: SecretString,
}
