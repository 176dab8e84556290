//! Notifications as the feed and the sync show them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::notification::{NotificationKind, ObjectType};
use sotay_persistence::notifications::feed::FeedRow;
use utoipa::ToSchema;

use super::{utc, wire_enum};

wire_enum!(
    /// Why the member hears of it: `document_published`, `document_revised` (a new version of
    /// one they must study), `session_invited`, `session_moved`, `session_cancelled`,
    /// `attendance_corrected`, `reflection_returned`, `reflection_accepted`, `plan_returned`,
    /// `plan_approved`, and the reminders `session_reminder`, `document_due_reminder`,
    /// `meeting_missing_reminder` (to a cell's managers).
    NotificationKindName => NotificationKind {
        DocumentPublished, DocumentRevised, SessionInvited, SessionMoved, SessionCancelled,
        AttendanceCorrected, ReflectionReturned, ReflectionAccepted, PlanReturned, PlanApproved,
        SessionReminder, DocumentDueReminder, MeetingMissingReminder
    }
);
wire_enum!(
    /// What opening the notification shows: a `document`, a `session`, a `campaign` (the
    /// member's reflection in it), an `action_plan`, an `organization` (a cell).
    ObjectTypeName => ObjectType { Document, Session, Campaign, ActionPlan, Organization }
);

/// A notification of the caller's.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c00-7000-8000-00000000e001", "kind": "session_reminder",
    "object_type": "session", "object_id": "0193a1b2-7c00-7000-8000-00000000a5a1",
    "subject": "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ phường (đợt 1)",
    "happens_at": "2025-09-09T01:30:00Z", "note": null,
    "created_at": "2025-09-08T01:30:05Z", "read_at": null
}))]
pub struct NotificationResponse {
    /// The notification's id: pass it to `…/notifications/{id}/read`.
    #[schema(format = Uuid)]
    pub id: String,
    pub kind: NotificationKindName,
    pub object_type: ObjectTypeName,
    /// The object's id, to open it (`GET /documents/{id}`, `/sessions/{id}`,
    /// `/campaigns/{id}/reflection`, `/action-plans/{id}`, `/orgs/{id}`).
    #[schema(format = Uuid)]
    pub object_id: String,
    /// A document's code and title, a session's title, a campaign's or plan's title, a
    /// cell's name.
    #[schema(max_length = 300)]
    pub subject: String,
    /// The moment it concerns: a session's (new) start, a document's due date.
    pub happens_at: Option<DateTime<Utc>>,
    /// A reviewer's comment, a correction's reason, the month a meeting is missing in.
    #[schema(max_length = 300)]
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the member read it; null while unread.
    pub read_at: Option<DateTime<Utc>>,
}

impl From<FeedRow> for NotificationResponse {
    fn from(row: FeedRow) -> Self {
        let event = row.event;
        NotificationResponse {
            id: event.id.to_string(),
            kind: event.kind.into(),
            object_type: event.object_type.into(),
            object_id: event.object_id,
            subject: event.subject,
            happens_at: event.happens_at.map(utc),
            note: event.note,
            created_at: utc(event.created_at),
            read_at: row.read_at.map(utc),
        }
    }
}
