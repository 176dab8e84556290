//! What a check-in writes: the member's entry, its history and the audit event, and the answer
//! it gives.

use chrono::NaiveDateTime;
use sotay_domain::session::{AttendanceStatus, CheckInMethod, Proof};
use sotay_persistence::DbConnection;
use sotay_persistence::members::MemberRow;
use sotay_persistence::sessions::{self, AttendanceChangeRow, AttendanceRow};

use super::CheckInAnswer;
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::sessions::Visible;
use crate::error::ApiError;

/// How the member showed they were there.
pub(crate) struct Scan {
    pub method: CheckInMethod,
    pub proof: Proof,
    /// What an offline phone's clock said at the scan: recorded, not believed.
    pub phone_clock: Option<NaiveDateTime>,
    /// When the server records it.
    pub now: NaiveDateTime,
}

impl Scan {
    /// The entry this scan writes for a member arriving with `status`.
    pub fn entry(
        &self,
        visible: &Visible,
        member: &MemberRow,
        status: AttendanceStatus,
    ) -> AttendanceRow {
        AttendanceRow {
            session_id: visible.stored.row.id,
            member_id: member.id,
            status,
            method: self.method,
            checked_in_at: Some(self.proof.shown_at),
            reason: None,
            recorded_by: Some(member.id),
            recorded_at: self.now,
        }
    }
}

/// Writes the member's entry (or replaces an absence marked before they came), its history
/// and the audit event.
pub(super) fn record(
    connection: &mut DbConnection,
    signed: &Signed,
    visible: &Visible,
    existing: Option<AttendanceRow>,
    status: AttendanceStatus,
    scan: Scan,
    request_id: &str,
) -> Result<CheckInAnswer, ApiError> {
    let member = &signed.member;
    let entry = scan.entry(visible, member, status);
    let (method, phone_clock) = (scan.method, scan.phone_clock);
    let from = match &existing {
        Some(absence) => {
            sessions::update_entry(connection, &entry)?;
            Some(absence.status)
        }
        None if sessions::insert_entry_if_absent(connection, &entry)? => None,
        None => {
            // Another check-in of the member's got there first (a second phone, a second
            // tap with a new id): it stands.
            let first = sessions::entry(connection, entry.session_id, member.id)?;
            return Ok(answer_of(first.as_ref(), visible, member, method, false));
        }
    };
    sessions::insert_change(connection, &AttendanceChangeRow::leading_to(from, &entry))?;
    let event = checked_in(signed, visible, &entry, from, phone_clock, request_id);
    audit::record(connection, event)?;
    Ok(answer_of(Some(&entry), visible, member, method, true))
}

/// The audit event of a check-in that wrote `entry` over `from`.
pub(crate) fn checked_in<'a>(
    signed: &'a Signed,
    visible: &'a Visible,
    entry: &'a AttendanceRow,
    from: Option<AttendanceStatus>,
    phone_clock: Option<NaiveDateTime>,
    request_id: &'a str,
) -> Event<'a> {
    Event {
        actor_id: Some(signed.actor()),
        action: "attendance.checked_in",
        object_type: "session",
        object_id: &entry.session_id,
        org_id: Some(&visible.stored.row.host_org_id),
        before: from.map(|status| serde_json::json!({ "status": status.as_str() })),
        after: Some(serde_json::json!({
            "member_id": entry.member_id.to_string(),
            "status": entry.status.as_str(),
            "method": entry.method.as_str(),
            "checked_in_at": entry.checked_in_at,
            "phone_clock": phone_clock,
        })),
        request_id: Some(request_id),
    }
}

pub(crate) fn answer_of(
    entry: Option<&AttendanceRow>,
    visible: &Visible,
    member: &MemberRow,
    method: CheckInMethod,
    recorded: bool,
) -> CheckInAnswer {
    CheckInAnswer {
        session_id: visible.stored.row.id.to_string(),
        member_id: member.id.to_string(),
        status: entry
            .map_or(AttendanceStatus::Present, |e| e.status)
            .as_str()
            .to_owned(),
        method: entry.map_or(method, |e| e.method).as_str().to_owned(),
        checked_in_at: entry.and_then(|e| e.checked_in_at),
        recorded,
    }
}
