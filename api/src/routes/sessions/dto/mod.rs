//! Sessions, answers, check-ins and the roll as the API reads and shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use sotay_domain::session::{self, LateAfter, OnlineUrl, RsvpResponse, Schedule};
use sotay_domain::validation::Violations;
use utoipa::{IntoParams, ToSchema};

use crate::app::sessions::planning::{Changes, Plan};
use crate::dto::nullable;
use crate::error::ApiError;

mod check_ins;
mod roll;
mod views;

pub use check_ins::*;
pub use roll::*;
pub use views::*;

pub use crate::dto::sessions::{
    AttendanceStatusName, CheckInMethodName, SessionKindName, SessionModeName, SessionStateName,
};
use crate::dto::wire_enum;

wire_enum!(
    /// `attending`, or `apology` (báo vắng) with a reason.
    RsvpResponseName => RsvpResponse { Attending, Apology }
);
/// A new session. It starts as a draft, seen by the host's managers only.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "kind": "study_conference", "title": "Hội nghị học tập, quán triệt Nghị quyết Đại hội",
    "host_org_id": "0192f0c1-0000-7000-8000-000000000001",
    "invited_org_ids": ["0192f0c1-0000-7000-8000-000000000002"],
    "starts_at": "2025-09-09T00:30:00Z", "ends_at": "2025-09-09T04:00:00Z",
    "location": "Hội trường UBND phường", "mode": "in_person", "document_ids": []
}))]
pub struct CreateSessionRequest {
    pub kind: SessionKindName,
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    /// The organisation whose managers run the session; the caller must manage it.
    #[schema(format = Uuid)]
    pub host_org_id: String,
    /// Organisations invited, inside the host; their whole subtrees are.
    #[schema(min_items = 1, max_items = 50, value_type = Vec<uuid::Uuid>)]
    pub invited_org_ids: Vec<String>,
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`, at most 12 hours later.
    pub ends_at: DateTime<Utc>,
    #[schema(max_length = 300)]
    pub location: Option<String>,
    pub mode: SessionModeName,
    #[schema(max_length = 500)]
    pub online_url: Option<String>,
    /// Documents studied (materials), at most 20.
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<uuid::Uuid>)]
    pub document_ids: Vec<String>,
    /// For a `makeup` session: the session it makes up for.
    #[schema(format = Uuid)]
    pub makeup_of: Option<String>,
    #[schema(format = Uuid)]
    pub chair_id: Option<String>,
    #[schema(format = Uuid)]
    pub minute_taker_id: Option<String>,
    /// Minutes after the start from which an arrival is late (default 15, at most 240).
    #[schema(minimum = 0, maximum = 240)]
    pub late_after_minutes: Option<i32>,
}

impl CreateSessionRequest {
    pub fn into_plan(self) -> Result<Plan, ApiError> {
        let mut violations = Violations::new();
        let title = violations.check("title", session::title(&self.title));
        let location = self
            .location
            .as_deref()
            .and_then(|raw| violations.check("location", session::location(raw)));
        let online_url = self
            .online_url
            .as_deref()
            .and_then(|raw| violations.check("online_url", OnlineUrl::parse(raw)));
        let late_after = match self.late_after_minutes {
            Some(minutes) => violations.check("late_after_minutes", LateAfter::minutes(minutes)),
            None => Some(LateAfter::default()),
        };
        let schedule = match Schedule::new(self.starts_at.naive_utc(), self.ends_at.naive_utc()) {
            Ok(schedule) => Some(schedule),
            Err((field, invalid)) => {
                violations.add(field, invalid);
                None
            }
        };
        violations
            .finish(|| {
                Some(Plan {
                    kind: self.kind.into(),
                    title: title?,
                    host_org_id: self.host_org_id,
                    invited_org_ids: self.invited_org_ids,
                    schedule: schedule?,
                    location,
                    mode: self.mode.into(),
                    online_url,
                    document_ids: self.document_ids,
                    makeup_of: self.makeup_of,
                    chair_id: self.chair_id,
                    minute_taker_id: self.minute_taker_id,
                    late_after: late_after?,
                })
            })
            .map_err(ApiError::validation)
    }
}

/// Fields to change, and the state to move to; absent fields stay. `null` clears `location`,
/// `online_url`, `makeup_of`, `chair_id` and `minute_taker_id`. Details change until the
/// session is closed; closing marks everyone nobody accounted for as absent.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"state": "published"}))]
pub struct UpdateSessionRequest {
    pub kind: Option<SessionKindName>,
    #[schema(min_length = 1, max_length = 300)]
    pub title: Option<String>,
    #[schema(min_items = 1, max_items = 50, value_type = Option<Vec<uuid::Uuid>>)]
    pub invited_org_ids: Option<Vec<String>>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 300)]
    pub location: Option<Option<String>>,
    pub mode: Option<SessionModeName>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub online_url: Option<Option<String>>,
    #[schema(max_items = 20, value_type = Option<Vec<uuid::Uuid>>)]
    pub document_ids: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub makeup_of: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub chair_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub minute_taker_id: Option<Option<String>>,
    #[schema(minimum = 0, maximum = 240)]
    pub late_after_minutes: Option<i32>,
    pub state: Option<SessionStateName>,
}

impl UpdateSessionRequest {
    pub fn into_changes(self) -> Result<Changes, ApiError> {
        let mut violations = Violations::new();
        let title = self
            .title
            .as_deref()
            .and_then(|raw| violations.check("title", session::title(raw)));
        let location = self.location.map(|location| {
            location.and_then(|raw| violations.check("location", session::location(&raw)))
        });
        let online_url = self
            .online_url
            .map(|url| url.and_then(|raw| violations.check("online_url", OnlineUrl::parse(&raw))));
        let late_after = self.late_after_minutes.and_then(|minutes| {
            violations.check("late_after_minutes", LateAfter::minutes(minutes))
        });
        if !violations.is_empty() {
            return Err(ApiError::validation(violations.into_inner()));
        }
        Ok(Changes {
            kind: self.kind.map(Into::into),
            title,
            invited_org_ids: self.invited_org_ids,
            starts_at: self.starts_at.map(|at| at.naive_utc()),
            ends_at: self.ends_at.map(|at| at.naive_utc()),
            location,
            mode: self.mode.map(Into::into),
            online_url,
            document_ids: self.document_ids,
            makeup_of: self.makeup_of,
            chair_id: self.chair_id,
            minute_taker_id: self.minute_taker_id,
            late_after,
            state: self.state.map(Into::into),
        })
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// Sessions starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Sessions starting before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Sessions hosted in this organisation's subtree or inviting an organisation in it.
    pub org_id: Option<uuid::Uuid>,
}

/// The caller's answer to an invitation.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"response": "apology", "reason": "Đi công tác tỉnh"}))]
pub struct RsvpRequest {
    pub response: RsvpResponseName,
    /// Required with `apology`; ignored with `attending`.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: Option<String>,
}

impl RsvpRequest {
    pub fn reason(&self) -> Result<Option<session::Reason>, ApiError> {
        if matches!(self.response, RsvpResponseName::Attending) {
            return Ok(None);
        }
        reason_of(self.reason.as_deref())
    }
}

/// The `reason` field of a body, parsed.
pub fn reason_of(raw: Option<&str>) -> Result<Option<session::Reason>, ApiError> {
    raw.map(session::Reason::parse)
        .transpose()
        .map_err(|invalid| ApiError::invalid("reason", invalid))
}
