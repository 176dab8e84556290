//! Personal action plans (kế hoạch hành động): each year a member turns a resolution's targets,
//! programs and breakthroughs into items of their own, with a measurable indicator and a due
//! date, reports progress on them, and has the plan reviewed by their cell.
//!
//! The plan's states and who may move them are here; what an item's progress is, computed
//! from its reports, is in [`progress`].

use chrono::NaiveDate;
use uuid::Uuid;

use crate::document::{MAX_TARGET_MAGNITUDE, Structure};
use crate::member::string_enum;
use crate::validation::Invalid;

pub mod progress;
#[cfg(test)]
mod tests;

pub use progress::{ItemProgress, Report, item_progress};

string_enum!(
    /// Where a plan is in its review.
    PlanStatus {
        /// Being written: items are added and changed.
        Draft => "draft",
        /// Handed in for the cell's review; items no longer change.
        Submitted => "submitted",
        /// Approved by the cell: the year's commitment. Progress is still reported.
        Approved => "approved",
        /// Returned with a comment: revised and submitted again.
        Returned => "returned",
    }
);

string_enum!(
    /// A manager's decision on a submitted plan.
    PlanDecision {
        Approve => "approve",
        Return => "return",
    }
);

string_enum!(
    /// What part of the resolution an item serves.
    LinkKind {
        /// A key target (chỉ tiêu).
        Target => "target",
        /// A key program (chương trình trọng điểm).
        Program => "program",
        /// A breakthrough (khâu đột phá).
        Breakthrough => "breakthrough",
    }
);

string_enum!(
    /// How an item is measured.
    IndicatorKind {
        /// Done or not done.
        Boolean => "boolean",
        /// A number against a target value, in a unit.
        Numeric => "numeric",
    }
);

/// How an item is measured, checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Indicator {
    Boolean,
    Numeric {
        unit: Option<String>,
        target_value: f64,
    },
}

impl Indicator {
    /// A boolean indicator takes neither unit nor target; a numeric one needs a positive
    /// target value.
    pub fn parse(
        kind: IndicatorKind,
        unit: Option<&str>,
        target_value: Option<f64>,
    ) -> Result<Indicator, (&'static str, Invalid)> {
        match kind {
            IndicatorKind::Boolean => {
                if unit.is_some() {
                    return Err(("indicator.unit", not_for_boolean()));
                }
                if target_value.is_some() {
                    return Err(("indicator.target_value", not_for_boolean()));
                }
                Ok(Indicator::Boolean)
            }
            IndicatorKind::Numeric => {
                let unit = unit
                    .map(|raw| crate::text::single_line(raw, MAX_UNIT_LEN))
                    .transpose()
                    .map_err(|invalid| ("indicator.unit", invalid))?;
                let target_value =
                    target_value.ok_or(("indicator.target_value", Invalid::required()))?;
                if !(target_value > 0.0 && target_value <= MAX_TARGET_MAGNITUDE) {
                    return Err(("indicator.target_value", out_of_range()));
                }
                Ok(Indicator::Numeric { unit, target_value })
            }
        }
    }

    pub fn kind(&self) -> IndicatorKind {
        match self {
            Indicator::Boolean => IndicatorKind::Boolean,
            Indicator::Numeric { .. } => IndicatorKind::Numeric,
        }
    }
}

/// The part of the resolution an item serves, by its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub id: Uuid,
}

impl Link {
    /// At most one of the three ids; none is an item of the member's own.
    pub fn from_ids(
        target: Option<Uuid>,
        program: Option<Uuid>,
        breakthrough: Option<Uuid>,
    ) -> Result<Option<Link>, Invalid> {
        let named: Vec<Link> = [
            (LinkKind::Target, target),
            (LinkKind::Program, program),
            (LinkKind::Breakthrough, breakthrough),
        ]
        .into_iter()
        .filter_map(|(kind, id)| id.map(|id| Link { kind, id }))
        .collect();
        match named.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            _ => Err(Invalid::new(
                "one_link",
                "Mỗi nội dung phục vụ một chỉ tiêu, một chương trình hoặc một khâu đột phá.",
                "An item serves one target, one program or one breakthrough.",
            )),
        }
    }

    /// Whether the resolution's structure has this item, of this kind.
    pub fn is_in(&self, structure: &Structure) -> bool {
        match self.kind {
            LinkKind::Target => structure.targets.iter().any(|t| t.id == self.id),
            LinkKind::Program => structure.programs.iter().any(|p| p.id == self.id),
            LinkKind::Breakthrough => structure.breakthroughs.iter().any(|b| b.id == self.id),
        }
    }
}

/// Why a plan cannot move as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanRefusal {
    /// Submitted or approved: its items stay as they are.
    Locked(PlanStatus),
    /// A plan without items is not submitted.
    Empty,
    /// Only a submitted plan is reviewed.
    NotSubmitted(PlanStatus),
    /// Returning needs a comment.
    CommentRequired,
}

/// Whether the plan's items (and its title) may change: while it is a draft or returned.
pub fn editable(status: PlanStatus) -> Result<(), PlanRefusal> {
    match status {
        PlanStatus::Draft | PlanStatus::Returned => Ok(()),
        locked => Err(PlanRefusal::Locked(locked)),
    }
}

/// What submitting does: a draft or returned plan with items becomes submitted.
pub fn submit(status: PlanStatus, items: usize) -> Result<PlanStatus, PlanRefusal> {
    editable(status)?;
    if items == 0 {
        return Err(PlanRefusal::Empty);
    }
    Ok(PlanStatus::Submitted)
}

/// What a review does: a submitted plan is approved, or returned with a comment.
pub fn review(
    status: PlanStatus,
    decision: PlanDecision,
    has_comment: bool,
) -> Result<PlanStatus, PlanRefusal> {
    if status != PlanStatus::Submitted {
        return Err(PlanRefusal::NotSubmitted(status));
    }
    match decision {
        PlanDecision::Approve => Ok(PlanStatus::Approved),
        PlanDecision::Return if !has_comment => Err(PlanRefusal::CommentRequired),
        PlanDecision::Return => Ok(PlanStatus::Returned),
    }
}

/// The year a plan is for.
pub fn year(raw: i32) -> Result<i32, Invalid> {
    if (2000..=2100).contains(&raw) {
        Ok(raw)
    } else {
        Err(Invalid::new(
            "out_of_range",
            "Năm phải từ 2000 đến 2100.",
            "The year must be from 2000 to 2100.",
        ))
    }
}

/// A plan's or an item's title: one line, 1 to 300 characters.
pub fn title(raw: &str) -> Result<String, Invalid> {
    crate::text::single_line(raw, 300)
}

/// An item's description, or a progress note: up to 2,000 characters; empty is `None`.
pub fn note(raw: &str) -> Result<Option<String>, Invalid> {
    crate::text::multi_line(raw, MAX_NOTE_LEN)
}

/// A due date or a report date: one the records can hold.
pub fn date(date: NaiveDate) -> Result<NaiveDate, Invalid> {
    if crate::member::plausible(date) {
        Ok(date)
    } else {
        Err(crate::member::out_of_range())
    }
}

fn not_for_boolean() -> Invalid {
    Invalid::new(
        "not_for_boolean",
        "Chỉ tiêu dạng hoàn thành/chưa hoàn thành không có đơn vị, giá trị.",
        "A done/not-done indicator has no unit or target value.",
    )
}

pub(crate) fn out_of_range() -> Invalid {
    Invalid::new(
        "out_of_range",
        format!("Giá trị phải lớn hơn 0 và không quá {MAX_TARGET_MAGNITUDE:e}."),
        format!("The value must be above 0 and at most {MAX_TARGET_MAGNITUDE:e}."),
    )
}

pub const MAX_UNIT_LEN: usize = 50;
pub const MAX_NOTE_LEN: usize = 2_000;
/// Items in one plan.
pub const MAX_ITEMS: usize = 50;
/// Progress reports on one item: monthly for years, with room for corrections.
pub const MAX_REPORTS: i64 = 500;
/// Submissions and reviews of one plan.
pub const MAX_ROUNDS: i32 = 50;
