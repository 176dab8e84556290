//! A sync's query and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::notification::ObjectType;
use sotay_domain::validation::Invalid;
use sotay_persistence::campaigns::ReflectionRow;
use sotay_persistence::documents::ReadRow;
use sotay_persistence::sessions::{AttendanceRow, SessionRow};
use utoipa::{IntoParams, ToSchema};

use crate::app::sync::{Changes, DEFAULT_PAGE, MAX_PAGE};
use crate::dto::campaigns::ReflectionStatusName;
use crate::dto::documents::DocumentResponse;
use crate::dto::notifications::{NotificationResponse, ObjectTypeName};
use crate::dto::plans::PlanResponse;
use crate::dto::sessions::{
    AttendanceStatusName, CheckInMethodName, SessionKindName, SessionModeName, SessionStateName,
};
use crate::dto::utc;
use crate::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncQuery {
    /// `cursor` of the previous answer; absent for the first sync (the whole current state).
    #[param(max_length = 2048, pattern = r"^[A-Za-z0-9_-]+$")]
    pub since: Option<String>,
    /// Rows per collection and page, 1 to 500 (100 by default).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

impl SyncQuery {
    pub fn page(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_PAGE),
            Some(limit) if (1..=MAX_PAGE).contains(&limit) => Ok(limit),
            Some(_) => Err(ApiError::invalid(
                "limit",
                Invalid::new(
                    "out_of_range",
                    format!("limit phải từ 1 đến {MAX_PAGE}."),
                    format!("limit must be from 1 to {MAX_PAGE}."),
                ),
            )),
        }
    }
}

/// A session as the phone keeps it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncSessionResponse {
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
    #[schema(max_length = 500)]
    pub online_url: Option<String>,
    pub state: SessionStateName,
    pub updated_at: DateTime<Utc>,
}

impl From<SessionRow> for SyncSessionResponse {
    fn from(row: SessionRow) -> Self {
        SyncSessionResponse {
            id: row.id.to_string(),
            kind: row.kind.into(),
            title: row.title,
            host_org_id: row.host_org_id.to_string(),
            starts_at: utc(row.starts_at),
            ends_at: utc(row.ends_at),
            location: row.location,
            mode: row.mode.into(),
            online_url: row.online_url,
            state: row.state.into(),
            updated_at: utc(row.updated_at),
        }
    }
}

/// The caller's entry in a session's roll.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncAttendanceResponse {
    #[schema(format = Uuid)]
    pub session_id: String,
    pub status: AttendanceStatusName,
    pub method: CheckInMethodName,
    pub checked_in_at: Option<DateTime<Utc>>,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl From<AttendanceRow> for SyncAttendanceResponse {
    fn from(row: AttendanceRow) -> Self {
        SyncAttendanceResponse {
            session_id: row.session_id.to_string(),
            status: row.status.into(),
            method: row.method.into(),
            checked_in_at: row.checked_in_at.map(utc),
            reason: row.reason,
            recorded_at: utc(row.recorded_at),
        }
    }
}

/// The caller's reflection in a campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncReflectionResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub campaign_id: String,
    pub status: ReflectionStatusName,
    /// The text as the caller last wrote it.
    #[schema(max_length = 20000)]
    pub body: Option<String>,
    #[schema(max_length = 2000)]
    pub review_comment: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl From<ReflectionRow> for SyncReflectionResponse {
    fn from(row: ReflectionRow) -> Self {
        SyncReflectionResponse {
            id: row.id.to_string(),
            campaign_id: row.campaign_id.to_string(),
            status: row.status.into(),
            body: row.body,
            review_comment: row.review_comment,
            submitted_at: row.submitted_at.map(utc),
            reviewed_at: row.reviewed_at.map(utc),
            updated_at: utc(row.updated_at),
        }
    }
}

/// The caller's read of a document's version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncReadResponse {
    #[schema(format = Uuid)]
    pub document_id: String,
    #[schema(minimum = 1, maximum = 200)]
    pub version: i32,
    pub opened_at: DateTime<Utc>,
    /// When the caller acknowledged ("I have studied this") the version.
    pub acknowledged_at: Option<DateTime<Utc>>,
}

impl From<ReadRow> for SyncReadResponse {
    fn from(row: ReadRow) -> Self {
        SyncReadResponse {
            document_id: row.document_id.to_string(),
            version: row.version,
            opened_at: utc(row.opened_at),
            acknowledged_at: row.acknowledged_at.map(utc),
        }
    }
}

/// Something that no longer reaches the caller: drop it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TombstoneResponse {
    pub object_type: ObjectTypeName,
    #[schema(format = Uuid)]
    pub id: String,
}

/// What changed for the caller since the cursor sent, one page of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncResponse {
    /// Send back as `since` next time (at once when `has_more`).
    #[schema(max_length = 2048, pattern = r"^[A-Za-z0-9_-]+$")]
    pub cursor: String,
    /// Drop the local copy first: this answer (with its further pages) is the whole state.
    /// The first sync, and one after the caller moved to another cell.
    pub reset: bool,
    /// More pages of these changes follow.
    pub has_more: bool,
    /// Documents published to the caller, new or changed (archived ones too), whole.
    #[schema(max_items = 500)]
    pub documents: Vec<DocumentResponse>,
    /// Sessions the caller is invited to, new or changed (cancelled ones too).
    #[schema(max_items = 500)]
    pub sessions: Vec<SyncSessionResponse>,
    /// The caller's own attendance entries, new or changed.
    #[schema(max_items = 500)]
    pub attendance: Vec<SyncAttendanceResponse>,
    /// The caller's own action plans, new or changed, whole.
    #[schema(max_items = 500)]
    pub action_plans: Vec<PlanResponse>,
    /// The caller's own reflections, new or changed.
    #[schema(max_items = 500)]
    pub reflections: Vec<SyncReflectionResponse>,
    /// The caller's notifications, new or read since.
    #[schema(max_items = 500)]
    pub notifications: Vec<NotificationResponse>,
    /// The caller's reads of documents, opened or acknowledged since (on any device).
    #[schema(max_items = 500)]
    pub reads: Vec<SyncReadResponse>,
    #[schema(minimum = 0, maximum = 100000000)]
    pub unread_notifications: i64,
    /// What no longer reaches the caller.
    #[schema(max_items = 500)]
    pub tombstones: Vec<TombstoneResponse>,
}

impl From<Changes> for SyncResponse {
    fn from(changes: Changes) -> Self {
        SyncResponse {
            cursor: changes.cursor,
            reset: changes.reset,
            has_more: changes.has_more,
            documents: changes
                .documents
                .into_iter()
                .map(|(row, terms, structure)| DocumentResponse::for_reader(row, terms, &structure))
                .collect(),
            sessions: changes.sessions.into_iter().map(Into::into).collect(),
            attendance: changes.attendance.into_iter().map(Into::into).collect(),
            action_plans: changes.plans.iter().map(PlanResponse::from).collect(),
            reflections: changes.reflections.into_iter().map(Into::into).collect(),
            notifications: changes.notifications.into_iter().map(Into::into).collect(),
            reads: changes.reads.into_iter().map(Into::into).collect(),
            unread_notifications: changes.unread_notifications,
            tombstones: changes
                .tombstones
                .into_iter()
                .map(
                    |(object_type, id): (ObjectType, String)| TombstoneResponse {
                        object_type: object_type.into(),
                        id,
                    },
                )
                .collect(),
        }
    }
}
