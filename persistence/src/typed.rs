//! Columns read as the domain's types: a status or a kind is parsed where it is loaded, so no
//! caller compares strings, and a stored value this build does not know is a load error (the
//! request answers 500 with the cause logged), never a silent default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::Text;
use sotay_domain::document::{DocumentKind, DocumentStatus};
use sotay_domain::ids::{AttachmentId, DocumentId, MemberId, OrgId, PositionId};
use sotay_domain::member::{ActivityStatus, Gender, PartyStatus};
use sotay_domain::org::{OrgKind, OrgPath};
use sotay_domain::role::Role;

use crate::connection::MultiBackend;

/// `FromSql<Text>` for domain enums with `parse(&str) -> Result<Self, Invalid>`. Allowed here
/// although both the trait and the enums are foreign: `MultiBackend` is this crate's.
macro_rules! text_column {
    ($($domain:ty),+ $(,)?) => {$(
        impl Queryable<Text, MultiBackend> for $domain {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl FromSql<Text, MultiBackend> for $domain {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
                <$domain>::parse(&text).map_err(|invalid| {
                    format!("stored value {text:?} refused: {}", invalid.en).into()
                })
            }
        }
    )+};
}

text_column!(
    DocumentStatus,
    DocumentKind,
    OrgKind,
    Role,
    Gender,
    PartyStatus,
    ActivityStatus,
);

/// `FromSql<Text>` for the domain's ids (written by this server as hyphenated UUIDs) and
/// organisation paths: a row hands back what it names, typed, and a stored value that does not
/// read is a load error, as above.
macro_rules! parsed_column {
    ($($domain:ty => $parse:expr),+ $(,)?) => {$(
        impl Queryable<Text, MultiBackend> for $domain {
            type Row = Self;

            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl FromSql<Text, MultiBackend> for $domain {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, MultiBackend>>::from_sql(bytes)?;
                let parse: fn(&str) -> Option<$domain> = $parse;
                parse(&text).ok_or_else(|| {
                    format!("stored {} {text:?} does not read", stringify!($domain)).into()
                })
            }
        }
    )+};
}

parsed_column!(
    MemberId => |text| text.parse().ok(),
    OrgId => |text| text.parse().ok(),
    PositionId => |text| text.parse().ok(),
    DocumentId => |text| text.parse().ok(),
    AttachmentId => |text| text.parse().ok(),
    OrgPath => OrgPath::parse,
);
