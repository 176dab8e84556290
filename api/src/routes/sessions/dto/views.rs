//! Sessions as the API shows them: one whole, with the caller's answer and entry, or a line
//! of a list.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sotay_domain::Language;
use sotay_domain::session;
use utoipa::ToSchema;

use super::{
    AttendanceStatusName, CheckInMethodName, RsvpResponseName, SessionKindName, SessionModeName,
    SessionStateName,
};
use crate::app::sessions::SessionView;
use crate::dto::utc;

/// An invited organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitedOrgResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(max_length = 200)]
    pub name: String,
}

/// A document the session studies.
#[derive(Debug, Serialize, ToSchema)]
pub struct MaterialResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(max_length = 40)]
    pub code: String,
    #[schema(max_length = 500)]
    pub title: String,
    pub published_at: Option<DateTime<Utc>>,
}

/// A rule of the guidance the session does not meet: shown, not enforced.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarningResponse {
    /// `shorter_than_guidance` or `materials_late`.
    #[schema(max_length = 32)]
    pub code: String,
    #[schema(max_length = 300)]
    pub message: String,
}

/// The caller's answer to the invitation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyAnswerResponse {
    pub response: RsvpResponseName,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    pub answered_at: DateTime<Utc>,
}

/// The caller's entry on the roll.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyAttendanceResponse {
    pub status: AttendanceStatusName,
    pub method: CheckInMethodName,
    pub checked_in_at: Option<DateTime<Utc>>,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// A session, as the caller sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub kind: SessionKindName,
    #[schema(max_length = 300)]
    pub title: String,
    #[schema(format = Uuid)]
    pub host_org_id: String,
    #[schema(max_items = 50)]
    pub invited_orgs: Vec<InvitedOrgResponse>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[schema(max_length = 300)]
    pub location: Option<String>,
    pub mode: SessionModeName,
    #[schema(max_length = 500)]
    pub online_url: Option<String>,
    #[schema(max_items = 20)]
    pub materials: Vec<MaterialResponse>,
    #[schema(format = Uuid)]
    pub makeup_of: Option<String>,
    #[schema(format = Uuid)]
    pub chair_id: Option<String>,
    #[schema(format = Uuid)]
    pub minute_taker_id: Option<String>,
    pub state: SessionStateName,
    #[schema(minimum = 0, maximum = 240)]
    pub late_after_minutes: i32,
    #[schema(max_items = 10)]
    pub warnings: Vec<WarningResponse>,
    /// Whether the caller is among the expected attendees.
    pub expected: bool,
    /// Whether the caller runs the session (edits it, shows the check-in code, keeps the roll).
    pub can_run: bool,
    pub my_rsvp: Option<MyAnswerResponse>,
    pub my_attendance: Option<MyAttendanceResponse>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SessionResponse {
    pub fn whole(view: SessionView, language: Language) -> Self {
        let row = view.visible.stored.row;
        SessionResponse {
            id: row.id.to_string(),
            kind: row.kind.into(),
            title: row.title,
            host_org_id: row.host_org_id.to_string(),
            invited_orgs: view
                .visible
                .stored
                .invited
                .into_iter()
                .map(|org| InvitedOrgResponse {
                    id: org.id.to_string(),
                    name: org.name,
                })
                .collect(),
            starts_at: utc(row.starts_at),
            ends_at: utc(row.ends_at),
            location: row.location,
            mode: row.mode.into(),
            online_url: row.online_url,
            materials: view
                .materials
                .into_iter()
                .map(|material| MaterialResponse {
                    id: material.id.to_string(),
                    code: material.code,
                    title: material.title,
                    published_at: material.published_at.map(utc),
                })
                .collect(),
            makeup_of: row.makeup_of.map(String::from),
            chair_id: row.chair_id.map(String::from),
            minute_taker_id: row.minute_taker_id.map(String::from),
            state: row.state.into(),
            late_after_minutes: row.late_after_minutes,
            warnings: view
                .warnings
                .into_iter()
                .map(|warning| WarningResponse {
                    code: warning.code().to_owned(),
                    message: warning.message(language),
                })
                .collect(),
            expected: view.expected,
            can_run: view.visible.access == session::SessionAccess::Run,
            my_rsvp: view.answer.map(|answer| MyAnswerResponse {
                response: answer.response.into(),
                reason: answer.reason,
                answered_at: utc(answer.answered_at),
            }),
            my_attendance: view.entry.map(|entry| MyAttendanceResponse {
                status: entry.status.into(),
                method: entry.method.into(),
                checked_in_at: entry.checked_in_at.map(utc),
                reason: entry.reason,
            }),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        }
    }
}

/// A session in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionSummaryResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub kind: SessionKindName,
    #[schema(max_length = 300)]
    pub title: String,
    #[schema(format = Uuid)]
    pub host_org_id: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[schema(max_length = 300)]
    pub location: Option<String>,
    pub mode: SessionModeName,
    pub state: SessionStateName,
}

impl From<sotay_persistence::sessions::SessionRow> for SessionSummaryResponse {
    fn from(row: sotay_persistence::sessions::SessionRow) -> Self {
        SessionSummaryResponse {
            id: row.id.to_string(),
            kind: row.kind.into(),
            title: row.title,
            host_org_id: row.host_org_id.to_string(),
            starts_at: utc(row.starts_at),
            ends_at: utc(row.ends_at),
            location: row.location,
            mode: row.mode.into(),
            state: row.state.into(),
        }
    }
}
