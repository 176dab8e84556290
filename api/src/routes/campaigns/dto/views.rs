//! Campaigns as the API shows them: one whole, or a line of a list.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sotay_domain::campaign::ReflectionRule;
use sotay_persistence::campaigns::{CampaignRow, LinkedSession};
use utoipa::ToSchema;

use super::ReflectionCountsName;
use crate::app::campaigns::CampaignView;
use crate::dto::documents::DocumentRefResponse;
use crate::dto::sessions::{SessionKindName, SessionStateName};
use crate::dto::utc;

/// A target organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetOrgResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(max_length = 200)]
    pub name: String,
}

/// A session that counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedSessionResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub kind: SessionKindName,
    #[schema(max_length = 300)]
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub state: SessionStateName,
}

impl From<LinkedSession> for LinkedSessionResponse {
    fn from(session: LinkedSession) -> Self {
        LinkedSessionResponse {
            id: session.id.to_string(),
            kind: session.kind.into(),
            title: session.title,
            starts_at: utc(session.starts_at),
            state: session.state.into(),
        }
    }
}

/// A campaign, whole.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub document: DocumentRefResponse,
    #[schema(max_length = 300)]
    pub title: String,
    #[schema(format = Uuid)]
    pub host_org_id: String,
    #[schema(max_items = 50)]
    pub orgs: Vec<TargetOrgResponse>,
    #[schema(max_items = 100)]
    pub sessions: Vec<LinkedSessionResponse>,
    pub deadline: NaiveDate,
    #[schema(minimum = 1, maximum = 100)]
    pub target_percent: i32,
    pub reflection_required: bool,
    /// Which reflections count; null when none is required.
    pub reflection_counts: Option<ReflectionCountsName>,
    /// Whether the caller runs it (may change it).
    pub runs: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn counts_of(rule: ReflectionRule) -> (bool, Option<ReflectionCountsName>) {
    match rule {
        ReflectionRule::NotRequired => (false, None),
        ReflectionRule::Submitted => (true, Some(ReflectionCountsName::Submitted)),
        ReflectionRule::Accepted => (true, Some(ReflectionCountsName::Accepted)),
    }
}

impl From<CampaignView> for CampaignResponse {
    fn from(view: CampaignView) -> Self {
        let runs = view.visible.access == sotay_domain::campaign::CampaignAccess::Run;
        let stored = view.visible.stored;
        let row = stored.row;
        let (reflection_required, reflection_counts) = counts_of(row.reflection_rule);
        CampaignResponse {
            id: row.id.to_string(),
            document: (&view.document).into(),
            title: row.title,
            host_org_id: row.host_org_id.to_string(),
            orgs: stored
                .targets
                .into_iter()
                .map(|org| TargetOrgResponse {
                    id: org.id.to_string(),
                    name: org.name,
                })
                .collect(),
            sessions: view.sessions.into_iter().map(Into::into).collect(),
            deadline: row.deadline,
            target_percent: row.target_percent,
            reflection_required,
            reflection_counts,
            runs,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        }
    }
}

/// A campaign in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignSummaryResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub document_id: String,
    #[schema(max_length = 300)]
    pub title: String,
    #[schema(format = Uuid)]
    pub host_org_id: String,
    pub deadline: NaiveDate,
    #[schema(minimum = 1, maximum = 100)]
    pub target_percent: i32,
    pub reflection_required: bool,
}

impl From<CampaignRow> for CampaignSummaryResponse {
    fn from(row: CampaignRow) -> Self {
        CampaignSummaryResponse {
            id: row.id.to_string(),
            document_id: row.document_id.to_string(),
            title: row.title,
            host_org_id: row.host_org_id.to_string(),
            deadline: row.deadline,
            target_percent: row.target_percent,
            reflection_required: row.reflection_rule != ReflectionRule::NotRequired,
        }
    }
}
