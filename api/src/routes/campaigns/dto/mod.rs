//! Campaigns and reflections as the API reads and shows them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sotay_domain::campaign::{self, ReflectionRule, ReviewDecision};
use sotay_domain::validation::Violations;
use utoipa::{IntoParams, ToSchema};

use crate::app::campaigns::planning::{Changes, Plan};
use crate::dto::wire_enum;
use crate::error::ApiError;

mod progress;
mod reflections;
mod views;

pub use progress::*;
pub use reflections::*;
pub use views::*;

pub use crate::dto::campaigns::ReflectionStatusName;

wire_enum!(
    /// `accept`, or `return` with a comment saying what to revise.
    ReviewDecisionName => ReviewDecision { Accept, Return }
);

/// Which reflections count when one is required.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReflectionCountsName {
    /// Once submitted, before the cell has reviewed it.
    Submitted,
    /// Only once the cell accepted it (the default).
    Accepted,
}

/// The stored rule from the two fields of the wire.
fn rule_of(required: bool, counts: Option<ReflectionCountsName>) -> ReflectionRule {
    match (required, counts) {
        (false, _) => ReflectionRule::NotRequired,
        (true, Some(ReflectionCountsName::Submitted)) => ReflectionRule::Submitted,
        (true, _) => ReflectionRule::Accepted,
    }
}

/// A new campaign.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "document_id": "0192f0c1-0000-7000-8000-0000000000d1",
    "title": "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2025-2030",
    "host_org_id": "0192f0c1-0000-7000-8000-000000000001",
    "org_ids": ["0192f0c1-0000-7000-8000-000000000001"],
    "session_ids": [], "deadline": "2025-09-30", "reflection_required": true
}))]
pub struct CreateCampaignRequest {
    /// The resolution studied: published, and one the caller sees.
    #[schema(format = Uuid)]
    pub document_id: String,
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    /// The organisation whose managers run the campaign; the caller must manage it.
    #[schema(format = Uuid)]
    pub host_org_id: String,
    /// Organisations that study, inside the host; their whole subtrees do.
    #[schema(min_items = 1, max_items = 50, value_type = Vec<uuid::Uuid>)]
    pub org_ids: Vec<String>,
    /// Sessions that count (conferences, cell meetings, make-up sessions), hosted inside the
    /// host.
    #[serde(default)]
    #[schema(max_items = 100, value_type = Vec<uuid::Uuid>)]
    pub session_ids: Vec<String>,
    pub deadline: NaiveDate,
    /// The share of counted members to reach, in per cent (default 100).
    #[schema(minimum = 1, maximum = 100)]
    pub target_percent: Option<i32>,
    /// Whether a written reflection (bài thu hoạch) is part of having studied.
    #[serde(default)]
    pub reflection_required: bool,
    /// Which reflections count when required: `accepted` (the default) or `submitted`.
    pub reflection_counts: Option<ReflectionCountsName>,
}

impl CreateCampaignRequest {
    pub fn into_plan(self) -> Result<Plan, ApiError> {
        let mut violations = Violations::new();
        let title = violations.check("title", campaign::title(&self.title));
        let deadline = violations.check("deadline", campaign::deadline(self.deadline));
        let target_percent = match self.target_percent {
            Some(percent) => violations.check("target_percent", campaign::target_percent(percent)),
            None => Some(campaign::DEFAULT_TARGET_PERCENT),
        };
        violations
            .finish(|| {
                Some(Plan {
                    document_id: self.document_id,
                    title: title?,
                    host_org_id: self.host_org_id,
                    org_ids: self.org_ids,
                    session_ids: self.session_ids,
                    deadline: deadline?,
                    target_percent: target_percent?,
                    reflection: rule_of(self.reflection_required, self.reflection_counts),
                })
            })
            .map_err(ApiError::validation)
    }
}

/// Fields to change; absent fields stay. The document and the host do not change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"session_ids": ["0192f0c1-0000-7000-8000-0000000000a1"]}))]
pub struct UpdateCampaignRequest {
    #[schema(min_length = 1, max_length = 300)]
    pub title: Option<String>,
    #[schema(min_items = 1, max_items = 50, value_type = Option<Vec<uuid::Uuid>>)]
    pub org_ids: Option<Vec<String>>,
    #[schema(max_items = 100, value_type = Option<Vec<uuid::Uuid>>)]
    pub session_ids: Option<Vec<String>>,
    pub deadline: Option<NaiveDate>,
    #[schema(minimum = 1, maximum = 100)]
    pub target_percent: Option<i32>,
    pub reflection_required: Option<bool>,
    /// Which reflections count while one is required.
    pub reflection_counts: Option<ReflectionCountsName>,
}

impl UpdateCampaignRequest {
    pub fn into_changes(self) -> Result<Changes, ApiError> {
        let mut violations = Violations::new();
        let title = self
            .title
            .as_deref()
            .and_then(|raw| violations.check("title", campaign::title(raw)));
        let target_percent = self.target_percent.and_then(|percent| {
            violations.check("target_percent", campaign::target_percent(percent))
        });
        let deadline = self
            .deadline
            .and_then(|date| violations.check("deadline", campaign::deadline(date)));
        if !violations.is_empty() {
            return Err(ApiError::validation(violations.into_inner()));
        }
        Ok(Changes {
            title,
            org_ids: self.org_ids,
            session_ids: self.session_ids,
            deadline,
            target_percent,
            reflection_required: self.reflection_required,
            submitted_counts: self
                .reflection_counts
                .map(|counts| matches!(counts, ReflectionCountsName::Submitted)),
        })
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    /// Campaigns studying this document.
    pub document_id: Option<uuid::Uuid>,
    /// Campaigns hosted in this organisation's subtree or targeting an organisation in it.
    pub org_id: Option<uuid::Uuid>,
}
