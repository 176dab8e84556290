//! The roll, its entries with their history, and a member's attendance, as the API reads and
//! shows them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::ids::MemberId;
use sotay_domain::member::{ActivityStatus, PartyStatus};
use sotay_domain::session::{self, AttendanceStatus};
use utoipa::ToSchema;

use super::{AttendanceStatusName, CheckInMethodName, RsvpResponseName, SessionKindName};
use crate::app::sessions::history::MemberHistory;
use crate::app::sessions::roll::{EntryHistory, Roll, RollLine};
use crate::dto::utc;
use crate::error::ApiError;

/// A mark on the roll, or a correction of an entry.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"status": "absent_excused", "reason": "Ốm, có giấy của trạm y tế"}))]
pub struct MarkRequest {
    pub status: AttendanceStatusName,
    /// Required for `absent_excused` and for any change to an existing entry.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: Option<String>,
}

impl MarkRequest {
    pub fn reason(&self) -> Result<Option<session::Reason>, ApiError> {
        super::reason_of(self.reason.as_deref())
    }
}

/// One member on the roll.
#[derive(Debug, Serialize, ToSchema)]
pub struct RollLineResponse {
    #[schema(format = Uuid)]
    pub member_id: String,
    #[schema(max_length = 100)]
    pub full_name: String,
    #[schema(max_length = 20)]
    pub card_number: String,
    /// `official` or `probationary`.
    #[schema(max_length = 16)]
    pub party_status: String,
    /// The member's own cell.
    #[schema(format = Uuid)]
    pub org_id: String,
    /// Reached through a temporary attachment (sinh hoạt tạm thời), not their own cell.
    pub attached: bool,
    /// Counted: active and invited. Exempt members (miễn sinh hoạt) are listed, not counted.
    pub expected: bool,
    pub exempt: bool,
    /// Null while nobody has recorded the member.
    pub status: Option<AttendanceStatusName>,
    pub method: Option<CheckInMethodName>,
    /// When the member was there.
    pub checked_in_at: Option<DateTime<Utc>>,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    #[schema(format = Uuid)]
    pub recorded_by: Option<String>,
    #[schema(max_length = 100)]
    pub recorded_by_name: Option<String>,
    pub recorded_at: Option<DateTime<Utc>>,
    pub rsvp: Option<RsvpResponseName>,
    #[schema(max_length = 500)]
    pub rsvp_reason: Option<String>,
}

impl RollLineResponse {
    fn of(line: &RollLine, recorders: &HashMap<MemberId, String>) -> Self {
        let entry = line.entry.as_ref();
        let recorded_by = entry.and_then(|entry| entry.recorded_by);
        RollLineResponse {
            member_id: line.member.id.to_string(),
            full_name: line.member.full_name.clone(),
            card_number: line.member.card_number.clone(),
            party_status: line.member.party_status.as_str().to_owned(),
            org_id: line.member.org_id.to_string(),
            attached: line.attached,
            expected: line.expected,
            exempt: line.member.activity_status == ActivityStatus::Exempt,
            status: entry.map(|entry| entry.status.into()),
            method: entry.map(|entry| entry.method.into()),
            checked_in_at: entry.and_then(|entry| entry.checked_in_at).map(utc),
            reason: entry.and_then(|entry| entry.reason.clone()),
            recorded_by: recorded_by.map(String::from),
            recorded_by_name: recorded_by.and_then(|id| recorders.get(&id).cloned()),
            recorded_at: entry.map(|entry| utc(entry.recorded_at)),
            rsvp: line.answer.as_ref().map(|answer| answer.response.into()),
            rsvp_reason: line
                .answer
                .as_ref()
                .and_then(|answer| answer.reason.clone()),
        }
    }
}

/// The counts the minutes need, over the expected members.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct RollCounts {
    /// Expected members: active, invited, each once.
    #[schema(minimum = 0, maximum = 10000000)]
    pub total: u32,
    #[schema(minimum = 0, maximum = 10000000)]
    pub official: u32,
    #[schema(minimum = 0, maximum = 10000000)]
    pub probationary: u32,
    /// Of the total, those reached through a temporary attachment.
    #[schema(minimum = 0, maximum = 10000000)]
    pub attached: u32,
    /// Exempt members placed in the invited organisations: not in the total.
    #[schema(minimum = 0, maximum = 10000000)]
    pub exempt: u32,
    #[schema(minimum = 0, maximum = 10000000)]
    pub present: u32,
    #[schema(minimum = 0, maximum = 10000000)]
    pub late: u32,
    #[schema(minimum = 0, maximum = 10000000)]
    pub absent_excused: u32,
    #[schema(minimum = 0, maximum = 10000000)]
    pub absent_unexcused: u32,
    /// Not recorded yet (none once the session is closed).
    #[schema(minimum = 0, maximum = 10000000)]
    pub unrecorded: u32,
}

/// An absent member, as the minutes name them.
#[derive(Debug, Serialize, ToSchema)]
pub struct AbsentMember {
    #[schema(format = Uuid)]
    pub member_id: String,
    #[schema(max_length = 100)]
    pub full_name: String,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// The roll of a session.
#[derive(Debug, Serialize, ToSchema)]
pub struct RollResponse {
    #[schema(format = Uuid)]
    pub session_id: String,
    pub counts: RollCounts,
    /// Vắng có lý do, named with their reasons (the first 5,000).
    #[schema(max_items = 5000)]
    pub absent_with_reason: Vec<AbsentMember>,
    /// Vắng không lý do, named (the first 5,000).
    #[schema(max_items = 5000)]
    pub absent_without_reason: Vec<AbsentMember>,
    /// Everyone placed in the invited organisations, and anyone else recorded, by name (the
    /// first 5,000; the CSV lists all).
    #[schema(max_items = 5000)]
    pub items: Vec<RollLineResponse>,
    /// Whether a list above was cut at 5,000.
    pub truncated: bool,
}

/// Members a JSON roll names in each of its lists.
pub const MAX_ROLL_LINES: usize = 5000;

impl RollResponse {
    /// The roll with at most `limit` names in each list (the counts cover everyone).
    pub fn of(roll: &Roll, limit: usize) -> Self {
        let mut counts = RollCounts::default();
        let mut absent_with_reason = Vec::new();
        let mut absent_without_reason = Vec::new();
        for line in &roll.lines {
            if line.member.activity_status == ActivityStatus::Exempt {
                counts.exempt += 1;
            }
            if !line.expected {
                continue;
            }
            counts.total += 1;
            match line.member.party_status {
                PartyStatus::Official => counts.official += 1,
                PartyStatus::Probationary => counts.probationary += 1,
            }
            counts.attached += u32::from(line.attached);
            let absent = |reason: Option<&String>| AbsentMember {
                member_id: line.member.id.to_string(),
                full_name: line.member.full_name.clone(),
                reason: reason.cloned(),
            };
            match line.entry.as_ref() {
                None => counts.unrecorded += 1,
                Some(entry) => match entry.status {
                    AttendanceStatus::Present => counts.present += 1,
                    AttendanceStatus::Late => counts.late += 1,
                    AttendanceStatus::AbsentExcused => {
                        counts.absent_excused += 1;
                        absent_with_reason.push(absent(entry.reason.as_ref()));
                    }
                    AttendanceStatus::AbsentUnexcused => {
                        counts.absent_unexcused += 1;
                        absent_without_reason.push(absent(None));
                    }
                },
            }
        }
        let truncated = [
            absent_with_reason.len(),
            absent_without_reason.len(),
            roll.lines.len(),
        ]
        .iter()
        .any(|len| *len > limit);
        absent_with_reason.truncate(limit);
        absent_without_reason.truncate(limit);
        RollResponse {
            session_id: roll.visible.stored.row.id.to_string(),
            counts,
            absent_with_reason,
            absent_without_reason,
            items: roll
                .lines
                .iter()
                .take(limit)
                .map(|line| RollLineResponse::of(line, &roll.recorders))
                .collect(),
            truncated,
        }
    }
}

/// One change to an entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryChangeResponse {
    pub from_status: Option<AttendanceStatusName>,
    pub to_status: AttendanceStatusName,
    pub method: CheckInMethodName,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    #[schema(format = Uuid)]
    pub changed_by: Option<String>,
    pub changed_at: DateTime<Utc>,
}

/// A member's entry on the roll with every change made to it, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryResponse {
    #[schema(format = Uuid)]
    pub session_id: String,
    pub entry: RollLineResponse,
    /// Oldest first. Once an entry has 400 changes a further mark is refused (409
    /// `too_many_changes`); a check-in may still replace an absence, so at most 402.
    #[schema(max_items = 402)]
    pub history: Vec<EntryChangeResponse>,
}

impl EntryResponse {
    pub fn of(history: EntryHistory) -> Self {
        EntryResponse {
            session_id: history.session_id.to_string(),
            entry: RollLineResponse::of(&history.line, &HashMap::new()),
            history: history
                .changes
                .into_iter()
                .map(|change| EntryChangeResponse {
                    from_status: change.from_status.map(Into::into),
                    to_status: change.to_status.into(),
                    method: change.method.into(),
                    reason: change.reason,
                    changed_by: change.changed_by.map(String::from),
                    changed_at: utc(change.changed_at),
                })
                .collect(),
        }
    }
}

/// One session of a member's attendance.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberAttendanceItem {
    #[schema(format = Uuid)]
    pub session_id: String,
    pub kind: SessionKindName,
    #[schema(max_length = 300)]
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub status: AttendanceStatusName,
    pub method: CheckInMethodName,
    pub checked_in_at: Option<DateTime<Utc>>,
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// A member's attendance, newest session first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberAttendanceResponse {
    /// Sessions that started in the last 365 days missed without a reason (three in a year
    /// lead to removal proceedings, QĐ 24-QĐ/TW).
    #[schema(minimum = 0, maximum = 100000)]
    pub unexcused_absences_last_12_months: i64,
    #[schema(max_items = 100)]
    pub items: Vec<MemberAttendanceItem>,
    #[schema(max_length = 2048, pattern = r"^[A-Za-z0-9_-]+$")]
    pub next_cursor: Option<String>,
}

impl MemberAttendanceResponse {
    pub fn of(
        history: MemberHistory,
        page: crate::http::pagination::Page<MemberAttendanceItem>,
    ) -> Self {
        MemberAttendanceResponse {
            unexcused_absences_last_12_months: history.unexcused_last_12_months,
            items: page.items,
            next_cursor: page.next_cursor,
        }
    }
}
