//! The reminders the server raises itself, and when each is due. Pure functions of the clock
//! they are given, so a test moves the clock instead of waiting.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use crate::validation::Invalid;

/// Vietnam keeps UTC+7 all year: "this month" for a cell is its month in local time.
const VIETNAM_OFFSET_HOURS: i64 = 7;

/// How long before a session a reminder goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lead {
    minutes: u32,
}

impl Lead {
    pub fn minutes(self) -> u32 {
        self.minutes
    }

    fn duration(self) -> Duration {
        Duration::minutes(i64::from(self.minutes))
    }
}

/// The reminders of a session: a day before and an hour before by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLeads(Vec<Lead>);

/// A week: further ahead, a reminder is an announcement.
const MAX_LEAD_MINUTES: u32 = 7 * 24 * 60;
const MIN_LEAD_MINUTES: u32 = 5;
const MAX_LEADS: usize = 4;

impl Default for SessionLeads {
    fn default() -> Self {
        SessionLeads(vec![Lead { minutes: 24 * 60 }, Lead { minutes: 60 }])
    }
}

impl SessionLeads {
    /// Minutes before the start, separated by commas (`1440,60`): 1 to 4 of them, each from 5
    /// minutes to a week.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let invalid = || {
            Invalid::new(
                "invalid_leads",
                "Từ 1 đến 4 số phút trước giờ họp (5 đến 10080), cách nhau bởi dấu phẩy.",
                "1 to 4 minute counts before the start (5 to 10080), separated by commas.",
            )
        };
        let mut leads = raw
            .split(',')
            .map(|part| part.trim().parse::<u32>().map_err(|_| invalid()))
            .map(|minutes| {
                minutes.and_then(|minutes| {
                    (MIN_LEAD_MINUTES..=MAX_LEAD_MINUTES)
                        .contains(&minutes)
                        .then_some(Lead { minutes })
                        .ok_or_else(invalid)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        leads.sort_unstable_by(|a, b| b.cmp(a));
        leads.dedup();
        if leads.is_empty() || leads.len() > MAX_LEADS {
            return Err(invalid());
        }
        Ok(SessionLeads(leads))
    }

    pub fn leads(&self) -> &[Lead] {
        &self.0
    }

    /// How far ahead sessions are looked at.
    pub fn horizon(&self) -> Duration {
        self.0
            .first()
            .map_or(Duration::zero(), |lead| lead.duration())
    }

    /// The reminder due at `now` for a session starting at `starts_at`: the nearest lead whose
    /// moment has come, while the session has not started. A server that was down through a
    /// day-before reminder sends the hour-before one alone, not both at once.
    pub fn due(&self, starts_at: NaiveDateTime, now: NaiveDateTime) -> Option<Lead> {
        if now >= starts_at {
            return None;
        }
        self.0
            .iter()
            .rev()
            .find(|lead| now >= starts_at - lead.duration())
            .copied()
    }
}

/// Members who have not acknowledged a required document hear of it this many days before its
/// due date (3 by default), and up to the day itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentDue {
    pub days_before: u32,
}

impl Default for DocumentDue {
    fn default() -> Self {
        DocumentDue { days_before: 3 }
    }
}

impl DocumentDue {
    /// Whether the reminder of a document due on `due_on` is due on `today`.
    pub fn due(self, due_on: NaiveDate, today: NaiveDate) -> bool {
        today <= due_on && today + Duration::days(i64::from(self.days_before)) >= due_on
    }

    /// The latest due date whose reminder is due `today`.
    pub fn last_due_on(self, today: NaiveDate) -> NaiveDate {
        today + Duration::days(i64::from(self.days_before))
    }
}

/// Managers hear that a cell has held no regular meeting this month from this day of the month
/// (the 20th by default): a cell meets monthly (DOMAIN.md), and a week is left to do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingCheck {
    pub from_day: u32,
}

impl Default for MeetingCheck {
    fn default() -> Self {
        MeetingCheck { from_day: 20 }
    }
}

impl MeetingCheck {
    /// The month whose meetings are checked at `now`, once its `from_day` has come.
    pub fn due(self, now: NaiveDateTime) -> Option<YearMonth> {
        let local = local(now);
        (local.day() >= self.from_day).then(|| month_of(now))
    }
}

/// A calendar month in Vietnam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    /// The month's first instant and the next month's, in UTC.
    pub fn bounds(self) -> (NaiveDateTime, NaiveDateTime) {
        let first = |year, month| {
            NaiveDate::from_ymd_opt(year, month, 1)
                .and_then(|date| date.and_hms_opt(0, 0, 0))
                .map_or(NaiveDateTime::MIN, |local| {
                    local - Duration::hours(VIETNAM_OFFSET_HOURS)
                })
        };
        let (next_year, next_month) = if self.month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, self.month + 1)
        };
        (first(self.year, self.month), first(next_year, next_month))
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{:04}-{:02}", self.year, self.month)
    }
}

fn local(now: NaiveDateTime) -> NaiveDateTime {
    now + Duration::hours(VIETNAM_OFFSET_HOURS)
}

/// The calendar day `now` (UTC) falls on in Vietnam: what "today" means to a member.
pub fn local_date(now: NaiveDateTime) -> NaiveDate {
    local(now).date()
}

/// The end of a calendar day in Vietnam (the next midnight there), in UTC: when something due
/// that day is late.
pub fn end_of_local_day(date: NaiveDate) -> NaiveDateTime {
    (date + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .map_or(NaiveDateTime::MAX, |midnight| {
            midnight - Duration::hours(VIETNAM_OFFSET_HOURS)
        })
}

/// The month `now` (UTC) falls in, in Vietnam.
pub fn month_of(now: NaiveDateTime) -> YearMonth {
    let local = local(now);
    YearMonth {
        year: local.year(),
        month: local.month(),
    }
}

/// The reminders a deployment raises.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderPolicy {
    pub sessions: SessionLeads,
    pub documents: DocumentDue,
    pub meetings: MeetingCheck,
}
