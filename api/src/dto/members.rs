//! A member and a position as the API shows them, and the names of their enumerations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sotay_domain::access::Visibility;
use sotay_persistence::members::MemberRow;
use sotay_persistence::positions::PositionWithPath;
use sotay_persistence::sessions::RollMember;
use utoipa::ToSchema;

use super::utc;
use crate::app::cells::CellNames;

/// A party member. Colleagues see `id`, `full_name`, their cells' ids and names
/// (`visibility: basic`); the member and the managers of their cells see every field
/// (`visibility: full`). Fields a caller may not see are absent, not null.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = "Nguyễn Thị Lan", max_length = 100)]
    pub full_name: String,
    /// The member's cell.
    #[schema(format = Uuid)]
    pub org_id: String,
    /// The name of the member's cell; absent when the caller may not see that cell (a
    /// colleague's view of a member attached from elsewhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Chi bộ Tổ dân phố 5", max_length = 200)]
    pub org_name: Option<String>,
    /// The cell the member is temporarily attached to (sinh hoạt tạm thời).
    #[schema(format = Uuid)]
    pub attached_org_id: Option<String>,
    /// The name of that cell; absent as `org_name` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Chi bộ Trạm y tế", max_length = 200)]
    pub attached_org_name: Option<String>,
    /// `full` or `basic`: whether the fields below are present.
    pub visibility: VisibilityName,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "79012345", max_length = 20, pattern = "^[0-9A-Z.-]{6,20}$")]
    pub card_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<GenderName>)]
    pub gender: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "0912345678", max_length = 10, pattern = "^0[1-9][0-9]{8}$")]
    pub phone: Option<String>,
    /// Số căn cước công dân.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "046090001234", max_length = 12, pattern = "^[0-9]{12}$")]
    pub citizen_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<PartyStatusName>)]
    pub party_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<ActivityStatusName>)]
    pub activity_status: Option<String>,
    /// The member must change a temporary password before using the app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub must_change_password: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

impl MemberResponse {
    /// `None` when the caller may not see the member at all. `cells` names the member's cells.
    pub fn for_visibility(
        row: MemberRow,
        visibility: Visibility,
        cells: &CellNames,
    ) -> Option<Self> {
        let MemberRow {
            id,
            card_number,
            full_name,
            search_name: _,
            sort_key: _,
            gender,
            date_of_birth,
            phone,
            citizen_id,
            joined_on,
            official_on,
            party_status,
            activity_status,
            org_id,
            org_path: _,
            attached_org_id,
            attached_org_path: _,
            password_hash: _,
            must_change_password,
            session_epoch: _,
            created_at,
            updated_at,
        } = row;
        let full = match visibility {
            Visibility::Hidden => return None,
            Visibility::Basic => false,
            Visibility::Full => true,
        };
        let shown = |value| if full { value } else { None };
        Some(MemberResponse {
            id: id.to_string(),
            full_name,
            org_name: cells.name(org_id),
            org_id: org_id.to_string(),
            attached_org_name: attached_org_id.and_then(|id| cells.name(id)),
            attached_org_id: attached_org_id.map(|id| id.to_string()),
            visibility: if full {
                VisibilityName::Full
            } else {
                VisibilityName::Basic
            },
            card_number: shown(Some(card_number)),
            gender: if full { gender.map(String::from) } else { None },
            date_of_birth: if full { date_of_birth } else { None },
            phone: if full { phone } else { None },
            citizen_id: if full { citizen_id } else { None },
            joined_on: if full { joined_on } else { None },
            official_on: if full { official_on } else { None },
            party_status: shown(Some(party_status.into())),
            activity_status: shown(Some(activity_status.into())),
            must_change_password: full.then_some(must_change_password),
            created_at: full.then(|| utc(created_at)),
            updated_at: full.then(|| utc(updated_at)),
        })
    }
}

/// A position held by a member.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub member_id: String,
    /// Null for the system administrator, who is above the tree.
    #[schema(format = Uuid)]
    pub org_id: Option<String>,
    #[schema(value_type = RoleName)]
    pub role: String,
    pub from: NaiveDate,
    /// Null while the position is held.
    pub until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl From<PositionWithPath> for PositionResponse {
    fn from(row: PositionWithPath) -> Self {
        let position = row.position;
        PositionResponse {
            id: position.id.to_string(),
            member_id: position.member_id.to_string(),
            org_id: position.org_id.map(|id| id.to_string()),
            role: position.role.into(),
            from: position.from_date,
            until: position.until_date,
            created_at: utc(position.created_at),
        }
    }
}

/// An organisation kind.
#[derive(Debug, Clone, Copy, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKindName {
    Committee,
    GrassrootsCell,
    Cell,
    PartyGroup,
}

impl OrgKindName {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKindName::Committee => "committee",
            OrgKindName::GrassrootsCell => "grassroots_cell",
            OrgKindName::Cell => "cell",
            OrgKindName::PartyGroup => "party_group",
        }
    }
}

/// A member's activity status: `exempt` members (miễn sinh hoạt) are not counted in attendance.
#[derive(Debug, Clone, Copy, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatusName {
    Active,
    Exempt,
    Suspended,
    Removed,
}

impl ActivityStatusName {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatusName::Active => "active",
            ActivityStatusName::Exempt => "exempt",
            ActivityStatusName::Suspended => "suspended",
            ActivityStatusName::Removed => "removed",
        }
    }
}

/// A member's gender, as the API names it.
#[derive(Debug, Clone, Copy, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GenderName {
    Male,
    Female,
}

/// A member's party status: official (chính thức) or probationary (dự bị).
#[derive(Debug, Clone, Copy, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyStatusName {
    Official,
    Probationary,
}

/// A position a member can hold.
#[derive(Debug, Clone, Copy, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    SystemAdmin,
    Secretary,
    DeputySecretary,
    CommitteeMember,
    GroupLeader,
    OfficeAdmin,
}

/// How much of a member the caller sees: `full` or `basic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisibilityName {
    Full,
    Basic,
}

/// A member named in a report or a review: who wrote a reflection, whose plan it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberRefResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(max_length = 200)]
    pub full_name: String,
    #[schema(max_length = 20)]
    pub card_number: String,
}

impl From<&RollMember> for MemberRefResponse {
    fn from(member: &RollMember) -> Self {
        MemberRefResponse {
            id: member.id.to_string(),
            full_name: member.full_name.clone(),
            card_number: member.card_number.clone(),
        }
    }
}
