//! What members hear of: the kinds of notification, the object each opens, the topic that keeps
//! a member from hearing of one thing twice, the reminders the server raises itself, and the
//! phones registered for push.

use chrono::NaiveDateTime;

use crate::member::string_enum;
use crate::validation::Invalid;

mod devices;
mod reminders;
#[cfg(test)]
mod tests;

pub use devices::{DeviceToken, MAX_DEVICES_PER_MEMBER, MAX_TOKEN_CHARS, Platform, TOKEN_PATTERN};
pub use reminders::{
    DocumentDue, Lead, MeetingCheck, ReminderPolicy, SessionLeads, YearMonth, end_of_local_day,
    local_date, month_of,
};

string_enum!(
    /// Why a member hears of something.
    NotificationKind {
        /// A document was published to them.
        DocumentPublished => "document_published",
        /// A document they must study has a new version.
        DocumentRevised => "document_revised",
        /// A session they are invited to was announced.
        SessionInvited => "session_invited",
        /// A session they are invited to moved (time or place).
        SessionMoved => "session_moved",
        /// A session they were invited to is called off.
        SessionCancelled => "session_cancelled",
        /// A manager corrected their attendance.
        AttendanceCorrected => "attendance_corrected",
        /// Their reflection was returned to be revised.
        ReflectionReturned => "reflection_returned",
        /// Their reflection was accepted.
        ReflectionAccepted => "reflection_accepted",
        /// Their action plan was returned to be revised.
        PlanReturned => "plan_returned",
        /// Their action plan was approved.
        PlanApproved => "plan_approved",
        /// A session they are invited to starts soon.
        SessionReminder => "session_reminder",
        /// A document they must study is due soon and they have not acknowledged it.
        DocumentDueReminder => "document_due_reminder",
        /// A cell they manage has no regular meeting recorded this month.
        MeetingMissingReminder => "meeting_missing_reminder",
    }
);

string_enum!(
    /// The kind of object a notification opens.
    ObjectType {
        Document => "document",
        Session => "session",
        /// A campaign: a reflection is opened through its campaign.
        Campaign => "campaign",
        ActionPlan => "action_plan",
        Organization => "organization",
    }
);

impl NotificationKind {
    /// The kind of object a notification of this kind opens.
    pub fn object_type(self) -> ObjectType {
        use NotificationKind::*;
        match self {
            DocumentPublished | DocumentRevised | DocumentDueReminder => ObjectType::Document,
            SessionInvited | SessionMoved | SessionCancelled | AttendanceCorrected
            | SessionReminder => ObjectType::Session,
            ReflectionReturned | ReflectionAccepted => ObjectType::Campaign,
            PlanReturned | PlanApproved => ObjectType::ActionPlan,
            MeetingMissingReminder => ObjectType::Organization,
        }
    }
}

/// Something that happened, as every member it reaches hears of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NotificationKind,
    /// The object's id, as text.
    pub object_id: String,
    /// What a phone shows beside the kind: a document's code and title, a session's title.
    pub subject: String,
    /// The moment it concerns: a session's (new) start, a document's due date.
    pub happens_at: Option<NaiveDateTime>,
    /// A reviewer's comment, a correction's reason.
    pub note: Option<String>,
    /// What this is about for each member who hears of it: one notification per member and
    /// topic, whichever way it reached them.
    pub topic: String,
    /// Set on what the scheduler raises: the same reminder raised twice (two nodes) is raised
    /// once.
    pub dedupe_key: Option<String>,
}

/// The longest subject kept: a phone shows a line or two.
pub const MAX_SUBJECT_CHARS: usize = 300;

impl Notice {
    /// A notice of `kind` about `object_id`; the subject is cut to [`MAX_SUBJECT_CHARS`].
    /// Unless [`Notice::topic`] says otherwise, every notice is news of its own.
    pub fn new(kind: NotificationKind, object_id: impl ToString, subject: &str) -> Self {
        let object_id = object_id.to_string();
        Notice {
            kind,
            topic: format!("{}:{object_id}:{}", kind.as_str(), uuid::Uuid::now_v7()),
            object_id,
            subject: subject.chars().take(MAX_SUBJECT_CHARS).collect(),
            happens_at: None,
            note: None,
            dedupe_key: None,
        }
    }

    pub fn at(mut self, happens_at: NaiveDateTime) -> Self {
        self.happens_at = Some(happens_at);
        self
    }

    pub fn note(mut self, note: Option<&str>) -> Self {
        self.note = note.map(|note| note.chars().take(MAX_SUBJECT_CHARS).collect());
        self
    }

    /// What the notice is about: a member already told of this topic is not told again.
    pub fn topic(mut self, topic: String) -> Self {
        self.topic = topic;
        self
    }

    /// Raised once, by whichever node raises it first.
    pub fn once(mut self, key: String) -> Self {
        self.dedupe_key = Some(key);
        self
    }
}

/// The topic of a document's version: published to a member by two organisations, or
/// published and then revised, each version is announced once.
pub fn document_version_topic(document_id: &str, version: i32) -> String {
    format!("document:{document_id}:v{version}")
}

/// A notification id, as a phone names it in `…/notifications/{id}/read`.
pub fn parse_id(raw: &str) -> Result<crate::ids::NotificationId, Invalid> {
    crate::ids::NotificationId::from_text(raw).ok_or_else(|| {
        Invalid::new(
            "invalid_id",
            "Mã thông báo không hợp lệ.",
            "Not a notification id.",
        )
    })
}
