//! When and how a session meets, and the guidance it is checked against (warned, not refused).

use chrono::{Datelike, NaiveDateTime, TimeDelta};

use super::SessionKind;
use crate::validation::Invalid;

/// A session's start and end: the end after the start, at most [`Schedule::MAX_HOURS`] apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
}

impl Schedule {
    /// A session is one sitting; a two-day conference is two sessions.
    pub const MAX_HOURS: i64 = 12;

    /// The schedule, or the field at fault (`starts_at` or `ends_at`) and why.
    pub fn new(
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
    ) -> Result<Self, (&'static str, Invalid)> {
        for (field, at) in [("starts_at", starts_at), ("ends_at", ends_at)] {
            if !(2000..=2100).contains(&at.year()) {
                return Err((
                    field,
                    Invalid::new(
                        "out_of_range",
                        "Năm phải từ 2000 đến 2100.",
                        "The year must be from 2000 to 2100.",
                    ),
                ));
            }
        }
        if ends_at <= starts_at {
            return Err((
                "ends_at",
                Invalid::new(
                    "before_start",
                    "Thời gian kết thúc phải sau thời gian bắt đầu.",
                    "The end must come after the start.",
                ),
            ));
        }
        if ends_at - starts_at > TimeDelta::hours(Self::MAX_HOURS) {
            return Err((
                "ends_at",
                Invalid::new(
                    "too_long",
                    format!("Một buổi sinh hoạt kéo dài tối đa {} giờ.", Self::MAX_HOURS),
                    format!("A session lasts at most {} hours.", Self::MAX_HOURS),
                ),
            ));
        }
        Ok(Schedule { starts_at, ends_at })
    }

    pub fn starts_at(self) -> NaiveDateTime {
        self.starts_at
    }

    pub fn ends_at(self) -> NaiveDateTime {
        self.ends_at
    }

    pub fn duration(self) -> TimeDelta {
        self.ends_at - self.starts_at
    }
}

/// Minutes after the start from which an arrival counts as late.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateAfter(i32);

impl LateAfter {
    pub const DEFAULT_MINUTES: i32 = 15;
    pub const MAX_MINUTES: i32 = 240;

    pub fn minutes(minutes: i32) -> Result<Self, Invalid> {
        if !(0..=Self::MAX_MINUTES).contains(&minutes) {
            return Err(Invalid::new(
                "out_of_range",
                format!("Số phút phải từ 0 đến {}.", Self::MAX_MINUTES),
                format!("The minutes must be from 0 to {}.", Self::MAX_MINUTES),
            ));
        }
        Ok(LateAfter(minutes))
    }

    pub fn as_minutes(self) -> i32 {
        self.0
    }

    pub fn as_delta(self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.0))
    }
}

impl Default for LateAfter {
    fn default() -> Self {
        LateAfter(Self::DEFAULT_MINUTES)
    }
}

/// The link of an online or hybrid session: `https://`, one token, at most 500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineUrl(String);

impl OnlineUrl {
    pub const MAX_LEN: usize = 500;
    pub const PATTERN: &'static str = r"^https://[^\s\u0000-\u001F\u007F-\u009F\uFEFF]+$";

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        // No trimming: a link is copied whole, and [`Self::PATTERN`] refuses spaces anywhere
        // (JSON Schema's `\s` includes U+FEFF; Rust's whitespace does not).
        let url = raw;
        let valid = url.len() > "https://".len()
            && url.chars().count() <= Self::MAX_LEN
            && url.starts_with("https://")
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '\u{feff}');
        if !valid {
            return Err(Invalid::new(
                "invalid_format",
                "Đường dẫn phải bắt đầu bằng https:// và không chứa khoảng trắng.",
                "The link must start with https:// and hold no spaces.",
            ));
        }
        Ok(OnlineUrl(url.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A rule of the guidance the session does not meet: shown to the organiser, not refused (a
/// meeting called at short notice still has to be recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// Shorter than the guidance asks: 90 minutes, 120 when regular and thematic are combined.
    TooShort { minimum_minutes: i64 },
    /// A linked document was (or is still not) published less than a day before the start:
    /// members had no time to read it.
    MaterialsLate,
}

impl Warning {
    pub fn code(self) -> &'static str {
        match self {
            Warning::TooShort { .. } => "shorter_than_guidance",
            Warning::MaterialsLate => "materials_late",
        }
    }

    pub fn message(self, language: crate::Language) -> String {
        match (self, language) {
            (Warning::TooShort { minimum_minutes }, crate::Language::Vietnamese) => format!(
                "Buổi sinh hoạt ngắn hơn {minimum_minutes} phút theo hướng dẫn (42-HD/BTCTW)."
            ),
            (Warning::TooShort { minimum_minutes }, crate::Language::English) => format!(
                "The session is shorter than the {minimum_minutes} minutes the guidance asks (42-HD/BTCTW)."
            ),
            (Warning::MaterialsLate, crate::Language::Vietnamese) => {
                "Tài liệu được đăng chưa đủ một ngày trước buổi sinh hoạt.".to_owned()
            }
            (Warning::MaterialsLate, crate::Language::English) => {
                "Materials were posted less than a day before the session.".to_owned()
            }
        }
    }
}

/// The guidance the session does not meet. `materials_published` holds when each linked
/// document was published (`None`: still a draft).
pub fn warnings(
    kind: SessionKind,
    schedule: Schedule,
    materials_published: &[Option<NaiveDateTime>],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let minimum_minutes = match kind {
        SessionKind::Combined => 120,
        _ => 90,
    };
    if schedule.duration() < TimeDelta::minutes(minimum_minutes) {
        warnings.push(Warning::TooShort { minimum_minutes });
    }
    let deadline = schedule.starts_at() - TimeDelta::days(1);
    if materials_published
        .iter()
        .any(|published| published.is_none_or(|at| at > deadline))
    {
        warnings.push(Warning::MaterialsLate);
    }
    warnings
}
