//! Response bodies shared by several endpoints, converted from rows explicitly.

pub mod attachments;
pub mod documents;
pub mod sessions;

pub use crate::app::cells::CellNames;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use sotay_domain::access::Visibility;
use sotay_persistence::members::MemberRow;
use sotay_persistence::orgs::OrgRow;
use sotay_persistence::positions::PositionWithPath;
use utoipa::ToSchema;

pub fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// An organisation: committee, cell or party group.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgResponse {
    #[schema(format = Uuid)]
    pub id: String,
    /// Null at the top of the tree.
    #[schema(format = Uuid)]
    pub parent_id: Option<String>,
    /// The ids from the top of the tree down to this organisation.
    #[schema(value_type = Vec<uuid::Uuid>, max_items = 12)]
    pub ancestor_ids: Vec<String>,
    #[schema(value_type = OrgKindName)]
    pub kind: String,
    #[schema(example = "Chi bộ Tổ dân phố 5", max_length = 200)]
    pub name: String,
    #[schema(example = "HA-TDP05", max_length = 32)]
    pub code: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<OrgRow> for OrgResponse {
    fn from(row: OrgRow) -> Self {
        let OrgRow {
            id,
            parent_id,
            path,
            kind,
            name,
            code,
            created_at,
            updated_at,
        } = row;
        let ancestor_ids = path
            .split('/')
            .filter(|segment| !segment.is_empty() && *segment != id)
            .map(str::to_owned)
            .collect();
        OrgResponse {
            id,
            parent_id,
            ancestor_ids,
            kind,
            name,
            code,
            created_at: utc(created_at),
            updated_at: utc(updated_at),
        }
    }
}

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
            id,
            full_name,
            org_name: cells.name(&org_id),
            org_id,
            attached_org_name: attached_org_id.as_deref().and_then(|id| cells.name(id)),
            attached_org_id,
            visibility: if full {
                VisibilityName::Full
            } else {
                VisibilityName::Basic
            },
            card_number: shown(Some(card_number)),
            gender: if full { gender } else { None },
            date_of_birth: if full { date_of_birth } else { None },
            phone: if full { phone } else { None },
            citizen_id: if full { citizen_id } else { None },
            joined_on: if full { joined_on } else { None },
            official_on: if full { official_on } else { None },
            party_status: shown(Some(party_status)),
            activity_status: shown(Some(activity_status)),
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
            id: position.id,
            member_id: position.member_id,
            org_id: position.org_id,
            role: position.role,
            from: position.from_date,
            until: position.until_date,
            created_at: utc(position.created_at),
        }
    }
}

/// For PATCH bodies: tells "absent" (`None`) from "null" (`Some(None)`), so that a field can be
/// cleared.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
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

/// The `Retry-After` header: whole seconds to wait, from 1 to a day. Describes a header only;
/// it has no values.
pub enum RetryAfterSeconds {}

impl utoipa::PartialSchema for RetryAfterSeconds {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
            .minimum(Some(1))
            .maximum(Some(crate::settings::MAX_LOGIN_LOCKOUT_SECS as f64))
            .into()
    }
}

impl ToSchema for RetryAfterSeconds {}

/// The `Location` header of a created object: its path under `/api/v1`. Describes a header
/// only; it has no values.
pub enum LocationPath {}

impl utoipa::PartialSchema for LocationPath {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("uri-reference".to_owned())))
            .max_length(Some(128))
            .into()
    }
}

impl ToSchema for LocationPath {}

/// Describes a header or item that is a bounded string and nothing more; it has no values.
macro_rules! bounded_string_schema {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        pub enum $name {}

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .max_length(Some($max))
                    .into()
            }
        }

        impl ToSchema for $name {}
    };
}

bounded_string_schema!(
    /// An `ETag` header: an opaque quoted string.
    EntityTag,
    128
);

bounded_string_schema!(
    /// A `Content-Disposition` header: `attachment`, the file name in ASCII and in UTF-8.
    DispositionHeader,
    4096
);

bounded_string_schema!(
    /// One objective of a resolution, in a sentence or a paragraph.
    ObjectiveText,
    2000
);

/// Reads an optional whole number as JSON Schema defines one: `199` and `199.0` alike (a
/// generated client may send either). A fraction or a number out of range is refused.
pub fn whole_number<'de, D>(deserializer: D) -> Result<Option<i32>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize as _;
    use serde::de::Error as _;
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let whole = match number.as_i64() {
        Some(integer) => Some(integer),
        // Whole floats in i32's range convert exactly.
        None => number
            .as_f64()
            .filter(|float| float.fract() == 0.0 && float.abs() <= f64::from(i32::MAX))
            .map(|float| float as i64),
    };
    whole
        .and_then(|whole| i32::try_from(whole).ok())
        .map(Some)
        .ok_or_else(|| D::Error::custom(format!("{number} is not a whole number in range")))
}

pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

/// An uploaded CSV file, as the document describes it: text of at most `MAX_IMPORT_BYTES`
/// (a character is at least one byte). Describes the body only; it has no values.
pub enum CsvFile {}

impl utoipa::PartialSchema for CsvFile {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX_IMPORT_BYTES))
            .description(Some(
                "UTF-8 CSV, with or without a BOM, header first; at most 20,000 data rows.",
            ))
            .into()
    }
}

impl ToSchema for CsvFile {}
