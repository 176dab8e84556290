//! Columns read as the domain's types: a status or a kind is parsed where it is loaded, so no
//! caller compares strings, and a stored value this build does not know is a load error (the
//! request answers 500 with the cause logged), never a silent default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::Text;
use sotay_domain::campaign::{ReflectionRule, ReflectionStatus};
use sotay_domain::document::{DocumentKind, DocumentStatus};
use sotay_domain::ids::{
    AttachmentId, CampaignId, DeviceId, DocumentId, MemberId, NotificationId, OrgId, PlanId,
    PlanItemId, PositionId, ProgressReportId, ReflectionId, SessionId,
};
use sotay_domain::member::{ActivityStatus, Gender, PartyStatus};
use sotay_domain::notification::{NotificationKind, ObjectType, Platform};
use sotay_domain::org::{OrgKind, OrgPath};
use sotay_domain::plan::{IndicatorKind, LinkKind, PlanStatus};
use sotay_domain::role::Role;
use sotay_domain::session::{
    AttendanceStatus, CheckInMethod, RsvpResponse, SessionKind, SessionMode, SessionState,
};

use crate::connection::MultiBackend;

/// `FromSql<Text>` for a domain type read from text by `$parse` (`&str -> Option<Self>`).
/// Allowed here although both the trait and the types are foreign: `MultiBackend` is this
/// crate's.
macro_rules! text_column {
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

// Statuses and kinds, parsed as the API parses them.
text_column!(
    DocumentStatus => |text| DocumentStatus::parse(text).ok(),
    DocumentKind => |text| DocumentKind::parse(text).ok(),
    OrgKind => |text| OrgKind::parse(text).ok(),
    Role => |text| Role::parse(text).ok(),
    Gender => |text| Gender::parse(text).ok(),
    PartyStatus => |text| PartyStatus::parse(text).ok(),
    ActivityStatus => |text| ActivityStatus::parse(text).ok(),
    SessionKind => |text| SessionKind::parse(text).ok(),
    SessionMode => |text| SessionMode::parse(text).ok(),
    SessionState => |text| SessionState::parse(text).ok(),
    NotificationKind => |text| NotificationKind::parse(text).ok(),
    ObjectType => |text| ObjectType::parse(text).ok(),
    Platform => |text| Platform::parse(text).ok(),
    AttendanceStatus => |text| AttendanceStatus::parse(text).ok(),
    CheckInMethod => |text| CheckInMethod::parse(text).ok(),
    RsvpResponse => |text| RsvpResponse::parse(text).ok(),
    ReflectionRule => |text| ReflectionRule::parse(text).ok(),
    ReflectionStatus => |text| ReflectionStatus::parse(text).ok(),
    PlanStatus => |text| PlanStatus::parse(text).ok(),
    LinkKind => |text| LinkKind::parse(text).ok(),
    IndicatorKind => |text| IndicatorKind::parse(text).ok(),
);

// Ids (written by this server as hyphenated UUIDs) and organisation paths: a row hands back
// what it names, typed.
text_column!(
    MemberId => |text| text.parse().ok(),
    NotificationId => |text| text.parse().ok(),
    DeviceId => |text| text.parse().ok(),
    OrgId => |text| text.parse().ok(),
    PositionId => |text| text.parse().ok(),
    DocumentId => |text| text.parse().ok(),
    AttachmentId => |text| text.parse().ok(),
    SessionId => |text| text.parse().ok(),
    CampaignId => |text| text.parse().ok(),
    ReflectionId => |text| text.parse().ok(),
    PlanId => |text| text.parse().ok(),
    PlanItemId => |text| text.parse().ok(),
    ProgressReportId => |text| text.parse().ok(),
    OrgPath => OrgPath::parse,
);
