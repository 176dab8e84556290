//! The positions a member holds: each at one organisation, over a term of days. Two questions
//! are asked of them and must not be confused:
//! - *held on a day* (the term has begun and not ended): what gives authority that day;
//! - *open* (not ended yet, begun or not): what counts against [`MAX_POSITIONS_HELD`], since a
//!   position that begins next month will be held together with the others.

use chrono::NaiveDate;

use crate::member::{out_of_range, plausible};
use crate::validation::Invalid;

/// Positions a member may have open at once. Real members hold one to three; the bound keeps
/// a profile small whatever a script does.
pub const MAX_POSITIONS_HELD: usize = 20;
/// Positions a member's history may record, ended ones included: a long career holds a few
/// dozen.
pub const MAX_POSITIONS_RECORDED: usize = 200;

/// From a day, until a day (both included), or open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    from: NaiveDate,
    until: Option<NaiveDate>,
}

impl Term {
    /// A term as asked: both days plausible, and the end not before the start.
    pub fn new(from: NaiveDate, until: Option<NaiveDate>) -> Result<Self, (&'static str, Invalid)> {
        for (field, date) in [("from", Some(from)), ("until", until)] {
            if date.is_some_and(|date| !plausible(date)) {
                return Err((field, out_of_range()));
            }
        }
        if until.is_some_and(|until| until < from) {
            return Err((
                "until",
                Invalid::new(
                    "before_start",
                    "Ngày kết thúc trước ngày bắt đầu.",
                    "The end is before the start.",
                ),
            ));
        }
        Ok(Term { from, until })
    }

    /// A term as stored, taken as it is: the rules below hold for what is there.
    pub fn stored(from: NaiveDate, until: Option<NaiveDate>) -> Self {
        Term { from, until }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn until(&self) -> Option<NaiveDate> {
        self.until
    }

    /// Held on `day`: begun, and not ended before it. (The SQL filters of
    /// `persistence::positions` say the same; `tests/api/held_agreement.rs` checks they agree.)
    pub fn held_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.is_open_on(day)
    }

    /// Not ended before `day`, whether begun or not.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.until.is_none_or(|until| until >= day)
    }

    /// The term ended on `day` (it is still held that day, not the next): `None` if it ends
    /// by then anyway, so nothing changes.
    pub fn ended_on(&self, day: NaiveDate) -> Option<Term> {
        self.until.is_none_or(|until| until > day).then_some(Term {
            from: self.from,
            until: Some(day),
        })
    }
}

/// Whether one more position fits beside `recorded`, the member's whole history, on `today`.
pub fn check_room_for_another(recorded: &[Term], today: NaiveDate) -> Result<(), Invalid> {
    let open = recorded
        .iter()
        .filter(|term| term.is_open_on(today))
        .count();
    if recorded.len() >= MAX_POSITIONS_RECORDED || open >= MAX_POSITIONS_HELD {
        return Err(Invalid::new(
            "too_many_positions",
            "Đảng viên này đã có quá nhiều chức vụ; hãy kết thúc chức vụ cũ trước.",
            "This member holds too many positions; end an old one first.",
        ));
    }
    Ok(())
}
