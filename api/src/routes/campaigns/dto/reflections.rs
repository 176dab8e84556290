//! Reflections as the API reads and shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::campaign::reflection;
use sotay_persistence::campaigns::{ReflectionEvent, ReflectionRow};
use sotay_persistence::sessions::RollMember;
use utoipa::{IntoParams, ToSchema};

use super::{ReflectionStatusName, ReviewDecisionName};
use crate::app::campaigns::reflections::ReflectionView;
use crate::dto::members::MemberRefResponse;
use crate::dto::utc;
use crate::error::ApiError;

/// The caller's reflection: the text, and whether to hand it in now.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "body": "Qua học tập Nghị quyết, bản thân nhận thức rõ bốn khâu đột phá của phường…",
    "submit": true
}))]
pub struct WriteReflectionRequest {
    /// Up to 20,000 characters; required to submit.
    #[schema(max_length = 20000)]
    pub body: Option<String>,
    /// Submit for review now (default: keep as a draft).
    #[serde(default)]
    pub submit: bool,
}

impl WriteReflectionRequest {
    pub fn body(&self) -> Result<Option<String>, ApiError> {
        match self.body.as_deref() {
            Some(raw) => {
                reflection::body(raw).map_err(|invalid| ApiError::invalid("body", invalid))
            }
            None => Ok(None),
        }
    }
}

/// A review of a submitted reflection.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"decision": "return", "comment": "Cần liên hệ nhiệm vụ của bản thân ở tổ dân phố."}))]
pub struct ReviewReflectionRequest {
    pub decision: ReviewDecisionName,
    /// Required to return it: what to revise.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

impl ReviewReflectionRequest {
    pub fn comment(&self) -> Result<Option<String>, ApiError> {
        match self.comment.as_deref() {
            Some(raw) => {
                reflection::comment(raw).map_err(|invalid| ApiError::invalid("comment", invalid))
            }
            None => Ok(None),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReflectionsQuery {
    /// Authors placed in this subtree, which the caller must manage; when absent, the
    /// campaign's host, or the part of it the caller manages.
    pub org_id: Option<uuid::Uuid>,
    /// One state; drafts are never listed.
    pub status: Option<ReflectionStatusName>,
}

/// A submission or a review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReflectionEventResponse {
    /// `submitted`, `accepted` or `returned`.
    pub status: ReflectionStatusName,
    /// The text as submitted.
    #[schema(max_length = 20000)]
    pub body: Option<String>,
    /// The reviewer's comment.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
    #[schema(format = Uuid)]
    pub actor_id: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<ReflectionEvent> for ReflectionEventResponse {
    fn from(event: ReflectionEvent) -> Self {
        ReflectionEventResponse {
            status: event.status.into(),
            body: event.body,
            comment: event.comment,
            actor_id: event.actor_id.map(|id| id.to_string()),
            at: utc(event.at),
        }
    }
}

/// A reflection with its history; `id` and `status` are null while nothing is written.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReflectionResponse {
    #[schema(format = Uuid)]
    pub id: Option<String>,
    pub status: Option<ReflectionStatusName>,
    #[schema(max_length = 20000)]
    pub body: Option<String>,
    /// The last review's comment.
    #[schema(max_length = 2000)]
    pub review_comment: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Whether the caller may write it now.
    pub writable: bool,
    /// Submissions and reviews, oldest first.
    #[schema(max_items = 100)]
    pub history: Vec<ReflectionEventResponse>,
}

impl From<ReflectionView> for ReflectionResponse {
    fn from(view: ReflectionView) -> Self {
        let row = view.row;
        ReflectionResponse {
            id: row.as_ref().map(|row| row.id.to_string()),
            status: row.as_ref().map(|row| row.status.into()),
            body: row.as_ref().and_then(|row| row.body.clone()),
            review_comment: row.as_ref().and_then(|row| row.review_comment.clone()),
            submitted_at: row.as_ref().and_then(|row| row.submitted_at.map(utc)),
            reviewed_at: row.as_ref().and_then(|row| row.reviewed_at.map(utc)),
            writable: view.writable,
            history: view.history.into_iter().map(Into::into).collect(),
        }
    }
}

/// A handed-in reflection in a manager's list, or as a review answers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewedReflectionResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub campaign_id: String,
    pub author: MemberRefResponse,
    pub status: ReflectionStatusName,
    /// The text as last submitted (a returned one being revised shows what was handed in).
    #[schema(max_length = 20000)]
    pub body: Option<String>,
    #[schema(max_length = 2000)]
    pub review_comment: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl ReviewedReflectionResponse {
    pub fn of(row: ReflectionRow, author: &RollMember) -> Self {
        ReviewedReflectionResponse {
            id: row.id.to_string(),
            campaign_id: row.campaign_id.to_string(),
            author: author.into(),
            status: row.status.into(),
            body: row.submitted_body,
            review_comment: row.review_comment,
            submitted_at: row.submitted_at.map(utc),
            reviewed_at: row.reviewed_at.map(utc),
        }
    }
}
