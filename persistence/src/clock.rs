//! Timestamps as both backends store them.

use chrono::{NaiveDate, NaiveDateTime, SubsecRound, Utc};

/// Now, in UTC, to the microsecond: PostgreSQL keeps microseconds and SQLite nanoseconds, so a
/// value read back compares equal on both.
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}
