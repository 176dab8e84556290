//! Action plans as the API shows them: one whole with its items and their reports, a line of
//! a list, and the roll-up of a subtree. Shared: the phone's sync carries plans whole too.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::plan::{IndicatorKind, LinkKind, PlanDecision, PlanStatus};
use sotay_persistence::plans::{ItemRow, PlanEvent, PlanRow, ReportRow};
use sotay_persistence::sessions::RollMember;
use utoipa::ToSchema;

use crate::app::plans::rollup::Rollup;
use crate::app::plans::{ItemView, PlanView};
use crate::dto::documents::DocumentRefResponse;
use crate::dto::members::MemberRefResponse;
use crate::dto::{utc, wire_enum};

wire_enum!(
    /// `draft` (its owner's alone) → `submitted` → `approved`, or `returned` with a comment →
    /// revised and `submitted` again.
    PlanStatusName => PlanStatus { Draft, Submitted, Approved, Returned }
);
wire_enum!(
    /// `approve`, or `return` with a comment saying what to revise.
    PlanDecisionName => PlanDecision { Approve, Return }
);
wire_enum!(
    /// The part of the resolution an item serves: a key `target`, a key `program` or a
    /// `breakthrough`.
    LinkKindName => LinkKind { Target, Program, Breakthrough }
);
wire_enum!(
    /// `boolean` (done or not), or `numeric` (a value against a target, in a unit).
    IndicatorKindName => IndicatorKind { Boolean, Numeric }
);

/// The part of the resolution an item serves.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkResponse {
    pub kind: LinkKindName,
    #[schema(format = Uuid)]
    pub id: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorResponse {
    pub kind: IndicatorKindName,
    #[schema(max_length = 50)]
    pub unit: Option<String>,
    #[schema(minimum = 0, maximum = 1e15)]
    pub target_value: Option<f64>,
}

/// Where an item stands, computed from its reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemProgressResponse {
    /// 0 to 100: the last value against the target, or 0/100 for not done/done; 100 only when
    /// met.
    #[schema(minimum = 0, maximum = 100)]
    pub percent: f64,
    pub met: bool,
    /// The last value reported (numeric items).
    #[schema(minimum = 0, maximum = 1e15)]
    pub value: Option<f64>,
    /// Whether done, by the last report (boolean items).
    pub done: Option<bool>,
    /// Past its due date and not met.
    pub overdue: bool,
}

/// A progress report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(minimum = 0, maximum = 1e15)]
    pub value: Option<f64>,
    pub done: Option<bool>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    pub reported_on: NaiveDate,
    /// When the server received it.
    pub reported_at: DateTime<Utc>,
}

impl From<&ReportRow> for ReportResponse {
    fn from(report: &ReportRow) -> Self {
        ReportResponse {
            id: report.id.to_string(),
            value: report.value,
            done: report.done,
            note: report.note.clone(),
            reported_on: report.reported_on,
            reported_at: utc(report.created_at),
        }
    }
}

/// An item of a plan, with its progress and reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(max_length = 300)]
    pub title: String,
    #[schema(max_length = 2000)]
    pub description: Option<String>,
    /// Null for an item of the member's own.
    pub link: Option<LinkResponse>,
    pub indicator: IndicatorResponse,
    pub due_on: NaiveDate,
    pub progress: ItemProgressResponse,
    /// Oldest first.
    #[schema(max_items = 500)]
    pub reports: Vec<ReportResponse>,
}

fn link_of(row: &ItemRow) -> Option<LinkResponse> {
    match (row.link_kind, &row.link_id) {
        (Some(kind), Some(id)) => Some(LinkResponse {
            kind: kind.into(),
            id: id.clone(),
        }),
        _ => None,
    }
}

impl From<&ItemView> for ItemResponse {
    fn from(view: &ItemView) -> Self {
        let row = &view.row;
        ItemResponse {
            id: row.id.to_string(),
            title: row.title.clone(),
            description: row.description.clone(),
            link: link_of(row),
            indicator: IndicatorResponse {
                kind: row.indicator.into(),
                unit: row.unit.clone(),
                target_value: row.target_value,
            },
            due_on: row.due_on,
            progress: ItemProgressResponse {
                percent: row.percent,
                met: row.met,
                value: row.latest_value,
                done: row.latest_done,
                overdue: view.overdue,
            },
            reports: view.reports.iter().map(Into::into).collect(),
        }
    }
}

/// A submission or a review.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanEventResponse {
    /// `submitted`, `approved` or `returned`.
    pub status: PlanStatusName,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
    #[schema(format = Uuid)]
    pub actor_id: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<&PlanEvent> for PlanEventResponse {
    fn from(event: &PlanEvent) -> Self {
        PlanEventResponse {
            status: event.status.into(),
            comment: event.comment.clone(),
            actor_id: event.actor_id.map(|id| id.to_string()),
            at: utc(event.at),
        }
    }
}

/// A plan, whole.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub document: DocumentRefResponse,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    #[schema(max_length = 300)]
    pub title: String,
    pub status: PlanStatusName,
    /// The last review's comment.
    #[schema(max_length = 2000)]
    pub review_comment: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub owner: MemberRefResponse,
    /// Whether the caller owns it (and writes it) rather than reviews it.
    pub owns: bool,
    /// The items' mean progress, 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub progress: f64,
    #[schema(max_items = 50)]
    pub items: Vec<ItemResponse>,
    /// Submissions and reviews, oldest first.
    #[schema(max_items = 100)]
    pub history: Vec<PlanEventResponse>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&PlanView> for PlanResponse {
    fn from(view: &PlanView) -> Self {
        let plan = &view.visible.plan;
        let items: Vec<ItemResponse> = view.items.iter().map(Into::into).collect();
        let progress = if items.is_empty() {
            0.0
        } else {
            let sum: f64 = items.iter().map(|item| item.progress.percent).sum();
            (sum / items.len() as f64 * 10.0).floor() / 10.0
        };
        PlanResponse {
            id: plan.id.to_string(),
            document: (&view.document).into(),
            year: plan.year,
            title: plan.title.clone(),
            status: plan.status.into(),
            review_comment: plan.review_comment.clone(),
            submitted_at: plan.submitted_at.map(utc),
            reviewed_at: plan.reviewed_at.map(utc),
            owner: (&view.visible.owner).into(),
            owns: view.visible.owns,
            progress,
            items,
            history: view.events.iter().map(Into::into).collect(),
            created_at: utc(plan.created_at),
            updated_at: utc(plan.updated_at),
        }
    }
}

/// A plan in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummaryResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub document_id: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    #[schema(max_length = 300)]
    pub title: String,
    pub status: PlanStatusName,
    pub owner: MemberRefResponse,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl PlanSummaryResponse {
    pub fn of(plan: PlanRow, owner: &RollMember) -> Self {
        PlanSummaryResponse {
            id: plan.id.to_string(),
            document_id: plan.document_id.to_string(),
            year: plan.year,
            title: plan.title,
            status: plan.status.into(),
            owner: owner.into(),
            submitted_at: plan.submitted_at.map(utc),
            updated_at: utc(plan.updated_at),
        }
    }
}

/// One target, program or breakthrough of the resolution, and the members' items serving it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RollupPartResponse {
    pub kind: LinkKindName,
    #[schema(format = Uuid)]
    pub id: String,
    /// The target's name, or the program's or breakthrough's title.
    #[schema(max_length = 2000)]
    pub title: String,
    #[schema(minimum = 0, maximum = 100000000)]
    pub items: i64,
    /// Members with at least one item serving it.
    #[schema(minimum = 0, maximum = 100000000)]
    pub members: i64,
    /// The items' mean computed progress, 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub average_percent: f64,
    #[schema(minimum = 0, maximum = 100000000)]
    pub met: i64,
    #[schema(minimum = 0, maximum = 100000000)]
    pub overdue: i64,
}

/// An item past due and not met.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverdueItemResponse {
    #[schema(format = Uuid)]
    pub plan_id: String,
    #[schema(format = Uuid)]
    pub item_id: String,
    #[schema(max_length = 300)]
    pub title: String,
    pub due_on: NaiveDate,
    #[schema(minimum = 0, maximum = 100)]
    pub percent: f64,
    pub owner: MemberRefResponse,
}

/// The bridge from a resolution to its members' work in a subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct RollupResponse {
    #[schema(format = Uuid)]
    pub document_id: String,
    #[schema(format = Uuid)]
    pub org_id: String,
    #[schema(max_length = 200)]
    pub org_name: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// Every target, program and breakthrough of the resolution, in its order, with the
    /// handed-in plans' items serving it (zeros where none does).
    #[schema(max_items = 150)]
    pub parts: Vec<RollupPartResponse>,
    /// Active members of the subtree without a plan handed in for the year.
    #[schema(minimum = 0, maximum = 100000000)]
    pub members_without_plan: i64,
    /// The first 500 of them, by cell and name.
    #[schema(max_items = 500)]
    pub without_plan: Vec<MemberRefResponse>,
    /// The first 500 items past due and not met, earliest first.
    #[schema(max_items = 500)]
    pub overdue_items: Vec<OverdueItemResponse>,
}

impl From<&Rollup> for RollupResponse {
    fn from(rollup: &Rollup) -> Self {
        use sotay_domain::plan::LinkKind;
        let structure = &rollup.structure;
        let parts = structure
            .targets
            .iter()
            .map(|t| (LinkKind::Target, t.id, t.name.clone()))
            .chain(
                structure
                    .programs
                    .iter()
                    .map(|p| (LinkKind::Program, p.id, p.title.clone())),
            )
            .chain(
                structure
                    .breakthroughs
                    .iter()
                    .map(|b| (LinkKind::Breakthrough, b.id, b.title.clone())),
            )
            .map(|(kind, id, title)| {
                let id = id.to_string();
                let tally = rollup
                    .tallies
                    .iter()
                    .find(|tally| tally.kind == kind && tally.id == id);
                RollupPartResponse {
                    kind: kind.into(),
                    title,
                    items: tally.map_or(0, |t| t.items),
                    members: tally.map_or(0, |t| t.members),
                    average_percent: tally
                        .map_or(0.0, |t| (t.average_percent * 10.0).floor() / 10.0),
                    met: tally.map_or(0, |t| t.met),
                    overdue: tally.map_or(0, |t| t.overdue),
                    id,
                }
            })
            .collect();
        RollupResponse {
            document_id: rollup.document.id.to_string(),
            org_id: rollup.org.id.to_string(),
            org_name: rollup.org.name.clone(),
            year: rollup.year,
            parts,
            members_without_plan: rollup.without_plan.0,
            without_plan: rollup.without_plan.1.iter().map(Into::into).collect(),
            overdue_items: rollup
                .overdue
                .iter()
                .map(|(item, owner)| OverdueItemResponse {
                    plan_id: item.plan_id.to_string(),
                    item_id: item.id.to_string(),
                    title: item.title.clone(),
                    due_on: item.due_on,
                    percent: item.percent,
                    owner: owner.into(),
                })
                .collect(),
        }
    }
}
