//! An item's progress, computed from its reports, never typed in: the last report says where
//! the member stands (a value reached, or done), and the indicator says how far that is.

use chrono::NaiveDate;

use super::Indicator;
use crate::validation::Invalid;

/// A progress report as the rule reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    pub value: Option<f64>,
    pub done: Option<bool>,
    pub reported_on: NaiveDate,
}

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemProgress {
    /// 0 to 100: the last value against the target (capped), or 0/100 for not done/done.
    pub percent: f64,
    /// The target value is reached, or the item is done.
    pub met: bool,
    /// The last value reported (numeric), or whether done (boolean).
    pub value: Option<f64>,
    pub done: Option<bool>,
}

impl ItemProgress {
    /// Past its due date and not met.
    pub fn overdue(&self, due_on: NaiveDate, today: NaiveDate) -> bool {
        !self.met && due_on < today
    }
}

/// The progress of an item from its reports: the latest by report date (the later sent
/// wins a tie, so a correction made the same day counts).
pub fn item_progress(indicator: &Indicator, reports: &[Report]) -> ItemProgress {
    let latest = reports
        .iter()
        .enumerate()
        .max_by_key(|(sent, report)| (report.reported_on, *sent))
        .map(|(_, report)| report);
    match indicator {
        Indicator::Boolean => {
            let done = latest.and_then(|report| report.done);
            let met = done == Some(true);
            ItemProgress {
                percent: if met { 100.0 } else { 0.0 },
                met,
                value: None,
                done,
            }
        }
        Indicator::Numeric { target_value, .. } => {
            let value = latest.and_then(|report| report.value);
            let reached = value.unwrap_or(0.0);
            let met = reached >= *target_value;
            let percent = (reached / target_value * 100.0).clamp(0.0, 100.0);
            ItemProgress {
                // One decimal, rounded down: 100 only when met.
                percent: if met {
                    100.0
                } else {
                    ((percent * 10.0).floor() / 10.0).min(99.9)
                },
                met,
                value,
                done: None,
            }
        }
    }
}

/// A report fits its item: a numeric indicator takes a value (and no `done`), a boolean one
/// `done` (and no value).
pub fn fits(
    indicator: &Indicator,
    value: Option<f64>,
    done: Option<bool>,
) -> Result<(), (&'static str, Invalid)> {
    match indicator {
        Indicator::Boolean if value.is_some() => Err(("value", wrong_kind())),
        Indicator::Boolean if done.is_none() => Err(("done", Invalid::required())),
        Indicator::Numeric { .. } if done.is_some() => Err(("done", wrong_kind())),
        Indicator::Numeric { .. } => match value {
            None => Err(("value", Invalid::required())),
            Some(value) if !(0.0..=crate::document::MAX_TARGET_MAGNITUDE).contains(&value) => {
                Err((
                    "value",
                    Invalid::new(
                        "out_of_range",
                        "Giá trị phải từ 0 đến 1e15.",
                        "The value must be from 0 to 1e15.",
                    ),
                ))
            }
            Some(_) => Ok(()),
        },
        Indicator::Boolean => Ok(()),
    }
}

fn wrong_kind() -> Invalid {
    Invalid::new(
        "wrong_indicator",
        "Báo cáo không hợp với cách đo của nội dung (giá trị hoặc hoàn thành).",
        "The report does not fit the item's indicator (a value, or done).",
    )
}
