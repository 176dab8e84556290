//! Response bodies shared by several endpoints, converted from rows explicitly.

pub mod attachments;
pub mod campaigns;
pub mod documents;
pub mod members;
pub mod notifications;
pub mod plans;
pub mod sessions;
pub mod tokens;

pub use members::{
    ActivityStatusName, GenderName, MemberResponse, OrgKindName, PartyStatusName, PositionResponse,
    RoleName,
};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use sotay_persistence::orgs::OrgRow;
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
            .ids()
            .filter(|ancestor| *ancestor != id)
            .map(|ancestor| ancestor.to_string())
            .collect();
        OrgResponse {
            id: id.to_string(),
            parent_id: parent_id.map(|parent| parent.to_string()),
            ancestor_ids,
            kind: kind.as_str().to_owned(),
            name,
            code,
            created_at: utc(created_at),
            updated_at: utc(updated_at),
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
    /// A `Cache-Control` header's directives.
    CacheControlHeader,
    64
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

/// A wire enum mirroring a domain one, so the spec lists its values.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident => $domain:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl From<$name> for $domain {
            fn from(value: $name) -> $domain {
                match value { $($name::$variant => $domain::$variant),+ }
            }
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                $domain::from(self).as_str()
            }
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> $name {
                match value { $($domain::$variant => $name::$variant),+ }
            }
        }
    };
}
pub(crate) use wire_enum;
