//! Action plans as the API reads them; how it shows them is in `crate::dto::plans`.

use chrono::NaiveDate;
use serde::Deserialize;
use sotay_domain::plan::{self, Indicator, Link};
use sotay_domain::validation::Violations;
use utoipa::{IntoParams, ToSchema};

use crate::app::plans::editing::{ItemChanges, ItemDraft};
use crate::app::plans::reporting::Sent;
use crate::dto::nullable;
use crate::error::ApiError;

pub use crate::dto::plans::*;

/// A new plan of the caller's, for a resolution and a year.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "document_id": "0192f0c1-0000-7000-8000-0000000000d1", "year": 2025,
    "title": "Kế hoạch thực hiện Nghị quyết Đại hội năm 2025"
}))]
pub struct CreatePlanRequest {
    /// A published resolution the caller sees.
    #[schema(format = Uuid)]
    pub document_id: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
}

impl CreatePlanRequest {
    pub fn parsed(&self) -> Result<(i32, String), ApiError> {
        let mut violations = Violations::new();
        let year = violations.check("year", plan::year(self.year));
        let title = violations.check("title", plan::title(&self.title));
        violations
            .finish(|| Some((year?, title?)))
            .map_err(ApiError::validation)
    }
}

/// A plan's new title.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"title": "Kế hoạch cá nhân thực hiện Nghị quyết năm 2025"}))]
pub struct UpdatePlanRequest {
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
}

/// How an item is measured.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IndicatorBody {
    pub kind: IndicatorKindName,
    /// For `numeric`: the unit (`hộ`, `%`, `buổi`).
    #[schema(min_length = 1, max_length = 50)]
    pub unit: Option<String>,
    /// For `numeric`: the value to reach, above 0.
    #[schema(minimum = 0, exclusive_minimum = 0, maximum = 1e15)]
    pub target_value: Option<f64>,
}

impl IndicatorBody {
    fn parsed(&self, violations: &mut Violations) -> Option<Indicator> {
        match Indicator::parse(self.kind.into(), self.unit.as_deref(), self.target_value) {
            Ok(indicator) => Some(indicator),
            Err((field, invalid)) => {
                violations.add(field, invalid);
                None
            }
        }
    }
}

/// A new item: what the member will do, which part of the resolution it serves (at most one
/// of the three ids, from the resolution's structure), how it is measured and by when.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "title": "Vận động 2 hộ cận nghèo tham gia mô hình sinh kế",
    "target_id": "0192f0c1-0000-7000-8000-0000000000e1",
    "indicator": {"kind": "numeric", "unit": "hộ", "target_value": 2},
    "due_on": "2025-12-15"
}))]
pub struct CreateItemRequest {
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    #[schema(format = Uuid)]
    pub target_id: Option<String>,
    #[schema(format = Uuid)]
    pub program_id: Option<String>,
    #[schema(format = Uuid)]
    pub breakthrough_id: Option<String>,
    pub indicator: IndicatorBody,
    pub due_on: NaiveDate,
}

/// A link id as sent: a UUID of the structure, or a 422 on its field.
fn link_id(violations: &mut Violations, field: &str, raw: Option<&str>) -> Option<uuid::Uuid> {
    let raw = raw?;
    // Written as the server writes ids (lower case, hyphenated), as the schema says.
    match uuid::Uuid::try_parse(raw)
        .ok()
        .filter(|id| id.to_string() == raw)
    {
        Some(id) => Some(id),
        None => {
            violations.add(
                field,
                sotay_domain::Invalid::new("invalid_format", "Mã không hợp lệ.", "Not a valid id."),
            );
            None
        }
    }
}

impl CreateItemRequest {
    pub fn into_draft(self) -> Result<ItemDraft, ApiError> {
        let mut violations = Violations::new();
        let title = violations.check("title", plan::title(&self.title));
        let description = self
            .description
            .as_deref()
            .and_then(|raw| violations.check("description", plan::note(raw)))
            .flatten();
        let target = link_id(&mut violations, "target_id", self.target_id.as_deref());
        let program = link_id(&mut violations, "program_id", self.program_id.as_deref());
        let breakthrough = link_id(
            &mut violations,
            "breakthrough_id",
            self.breakthrough_id.as_deref(),
        );
        let link = violations.check("target_id", Link::from_ids(target, program, breakthrough));
        let indicator = self.indicator.parsed(&mut violations);
        let due_on = violations.check("due_on", plan::date(self.due_on));
        violations
            .finish(|| {
                Some(ItemDraft {
                    title: title?,
                    description,
                    link: link?,
                    indicator: indicator?,
                    due_on: due_on?,
                })
            })
            .map_err(ApiError::validation)
    }
}

/// Fields of an item to change; absent fields stay. Sending any of the three link ids
/// replaces the link (`null` for all three unlinks it); `indicator` is replaced whole.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"due_on": "2025-11-30"}))]
pub struct UpdateItemRequest {
    #[schema(min_length = 1, max_length = 300)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 2000)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub target_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub program_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub breakthrough_id: Option<Option<String>>,
    pub indicator: Option<IndicatorBody>,
    pub due_on: Option<NaiveDate>,
}

impl UpdateItemRequest {
    pub fn into_changes(self) -> Result<ItemChanges, ApiError> {
        let mut violations = Violations::new();
        let title = self
            .title
            .as_deref()
            .and_then(|raw| violations.check("title", plan::title(raw)));
        let description = self.description.map(|description| {
            description.and_then(|raw| violations.check("description", plan::note(&raw)).flatten())
        });
        let relinked =
            self.target_id.is_some() || self.program_id.is_some() || self.breakthrough_id.is_some();
        let link = if relinked {
            let target = link_id(
                &mut violations,
                "target_id",
                self.target_id.flatten().as_deref(),
            );
            let program = link_id(
                &mut violations,
                "program_id",
                self.program_id.flatten().as_deref(),
            );
            let breakthrough = link_id(
                &mut violations,
                "breakthrough_id",
                self.breakthrough_id.flatten().as_deref(),
            );
            violations.check("target_id", Link::from_ids(target, program, breakthrough))
        } else {
            None
        };
        let indicator = self
            .indicator
            .as_ref()
            .and_then(|indicator| indicator.parsed(&mut violations));
        let due_on = self
            .due_on
            .and_then(|date| violations.check("due_on", plan::date(date)));
        if !violations.is_empty() {
            return Err(ApiError::validation(violations.into_inner()));
        }
        Ok(ItemChanges {
            title,
            description,
            link,
            indicator,
            due_on,
        })
    }
}

/// A progress report: a value reached (numeric items) or whether done (boolean items), a note
/// and the day it was so. Appended, never edited.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"value": 1, "note": "Đã giúp hộ ông Sùng A Páo vay vốn", "reported_on": "2025-10-15"}))]
pub struct ProgressRequest {
    /// For a numeric item: the value reached so far, 0 or more.
    #[schema(minimum = 0, maximum = 1e15)]
    pub value: Option<f64>,
    /// For a boolean item: whether it is done.
    pub done: Option<bool>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// The day it was so: no later than tomorrow by the server's clock (a phone's may be
    /// wrong).
    pub reported_on: NaiveDate,
}

impl ProgressRequest {
    pub fn into_sent(self) -> Result<Sent, ApiError> {
        let mut violations = Violations::new();
        let note = self
            .note
            .as_deref()
            .and_then(|raw| violations.check("note", plan::note(raw)))
            .flatten();
        let reported_on = violations.check("reported_on", plan::date(self.reported_on));
        violations
            .finish(|| {
                Some(Sent {
                    value: self.value,
                    done: self.done,
                    note,
                    reported_on: reported_on?,
                })
            })
            .map_err(ApiError::validation)
    }
}

/// A review of a submitted plan.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"decision": "approve"}))]
pub struct ReviewPlanRequest {
    pub decision: PlanDecisionName,
    /// Required to return it: what to revise.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

impl ReviewPlanRequest {
    pub fn comment(&self) -> Result<Option<String>, ApiError> {
        match self.comment.as_deref() {
            Some(raw) => plan::note(raw).map_err(|invalid| ApiError::invalid("comment", invalid)),
            None => Ok(None),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// Managers: the handed-in plans of members placed in this subtree. Without it, the
    /// caller's own plans.
    pub org_id: Option<uuid::Uuid>,
    pub document_id: Option<uuid::Uuid>,
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub status: Option<PlanStatusName>,
}

impl PlanQuery {
    pub fn year(&self) -> Result<Option<i32>, ApiError> {
        checked_year(self.year)
    }
}

/// A year in a query, checked as a body's is.
fn checked_year(year: Option<i32>) -> Result<Option<i32>, ApiError> {
    year.map(plan::year)
        .transpose()
        .map_err(|invalid| ApiError::invalid("year", invalid))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RollupQuery {
    /// The subtree, which the caller must manage.
    pub org_id: uuid::Uuid,
    /// The plans' year; this year when absent.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

impl RollupQuery {
    pub fn year(&self) -> Result<Option<i32>, ApiError> {
        checked_year(self.year)
    }
}
