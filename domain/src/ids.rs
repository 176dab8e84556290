//! Identifiers: time-ordered UUIDs (v7), one type per kind of object so they cannot be mixed up.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// An id as the server writes it (hyphenated, lower case), as a JSON-Schema pattern: ids in
/// paths and bodies are matched as text, so `ABC…` does not name `abc…`.
pub const UUID_PATTERN: &str = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                $name(Uuid::now_v7())
            }

            pub fn from_uuid(uuid: Uuid) -> Self {
                $name(uuid)
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }

            /// The id written exactly as the server writes it ([`UUID_PATTERN`]); any other
            /// spelling of a UUID (capitals, braces, no hyphens) names nothing.
            pub fn from_text(text: &str) -> Option<Self> {
                let id = Uuid::try_parse(text).ok().map($name)?;
                (id.to_string() == text).then_some(id)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(formatter)
            }
        }

        /// The id as text, as it is stored.
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.to_string()
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(text).map($name)
            }
        }
    )+};
}

id_type!(
    /// An organisation: committee, cell, party group.
    OrgId,
    /// A party member (who is also a user of the app).
    MemberId,
    /// A position held by a member at an organisation.
    PositionId,
    /// A document (resolution, directive, ...).
    DocumentId,
    /// A file attached to a document.
    AttachmentId,
    /// A session: a meeting or study session members attend.
    SessionId,
    /// A study campaign: one resolution studied across organisations.
    CampaignId,
    /// A member's written reflection in a campaign (bài thu hoạch).
    ReflectionId,
    /// A member's action plan for a resolution and a year.
    PlanId,
    /// An item of an action plan.
    PlanItemId,
    /// A progress report on an item.
    ProgressReportId,
    /// Something members hear of (a notification event); in a member's feed, their
    /// notification of it.
    NotificationId,
    /// A phone registered for push.
    DeviceId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_only_as_the_server_writes_it() {
        let id = MemberId::new();
        let written = id.to_string();
        assert_eq!(MemberId::from_text(&written), Some(id));
        assert_eq!(String::from(id), written);
        for other in [
            written.to_uppercase(),
            written.replace('-', ""),
            format!("{{{written}}}"),
            format!("urn:uuid:{written}"),
            format!(" {written}"),
            String::new(),
        ] {
            assert_eq!(MemberId::from_text(&other), None, "{other:?}");
        }
    }
}
