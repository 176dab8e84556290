//! Attendance: a member's answer before the session, their check-in, the roll the managers
//! keep, and what closing the session writes for those nobody accounted for.

use super::check_in::Proof;
use super::{Session, SessionState, StateRefusal};
use crate::member::string_enum;
use crate::validation::Invalid;

string_enum!(
    /// A member's attendance at a session, as the minutes record it.
    AttendanceStatus {
        Present => "present",
        /// Arrived after the start and its grace.
        Late => "late",
        /// Vắng có lý do: absent with a reason (an apology, illness, work).
        AbsentExcused => "absent_excused",
        /// Vắng không lý do: what removal proceedings count (QĐ 24-QĐ/TW).
        AbsentUnexcused => "absent_unexcused",
    }
);

impl AttendanceStatus {
    /// Whether the member was there.
    pub fn attended(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Late)
    }
}

string_enum!(
    /// How an attendance entry came to be.
    CheckInMethod {
        /// The member scanned the QR code, online.
        Qr => "qr",
        /// The member typed the six-digit code.
        TextCode => "text_code",
        /// The member scanned the QR code offline and synced later.
        OfflineQr => "offline_qr",
        /// A manager marked it on the roll.
        Roll => "roll",
        /// Closing the session marked the member absent.
        Closing => "closing",
    }
);

string_enum!(
    /// A member's answer to an invitation.
    RsvpResponse {
        Attending => "attending",
        /// Báo vắng: an apology, with its reason.
        Apology => "apology",
    }
);

/// Why an apology, an absence or a correction is made: 1 to 500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub const MAX_CHARS: usize = 500;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        crate::text::single_line(raw, Self::MAX_CHARS).map(Reason)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// An entry of the roll as it stands.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub status: AttendanceStatus,
    pub reason: Option<&'a str>,
}

/// What a roll mark writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub status: AttendanceStatus,
    pub reason: Option<String>,
    /// Whether it changes an existing entry (which needs a reason).
    pub correction: bool,
}

/// Why the roll refuses a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollRefusal {
    State(StateRefusal),
    /// An excused absence, and every correction, says why.
    ReasonRequired,
}

impl Session {
    /// What a member's own check-in, proved by a code shown at `proof`, writes: `None` when
    /// they are already recorded as there (a repeat changes nothing). An absence marked before
    /// they arrived gives way: the code proves they came.
    pub fn check_in(
        &self,
        existing: Option<AttendanceStatus>,
        proof: Proof,
    ) -> Result<Option<AttendanceStatus>, StateRefusal> {
        self.accepts_check_ins()?;
        if !self.in_check_in_window(proof.shown_at) {
            return Err(StateRefusal::OutsideWindow);
        }
        if existing.is_some_and(AttendanceStatus::attended) {
            return Ok(None);
        }
        Ok(Some(self.arrival_status(proof.shown_at)))
    }

    /// What a check-in synced later from a phone that scanned the QR code offline writes. The
    /// token says when it was shown, and a valid one was only ever shown while the session was
    /// open: so it counts after closing too, replacing the absence closing recorded (the
    /// history keeps both).
    pub fn check_in_offline(
        &self,
        existing: Option<AttendanceStatus>,
        proof: Proof,
    ) -> Result<Option<AttendanceStatus>, StateRefusal> {
        if !matches!(self.state, SessionState::Open | SessionState::Closed) {
            return Err(StateRefusal::NotOpen);
        }
        if !self.in_check_in_window(proof.shown_at) {
            return Err(StateRefusal::OutsideWindow);
        }
        if existing.is_some_and(AttendanceStatus::attended) {
            return Ok(None);
        }
        Ok(Some(self.arrival_status(proof.shown_at)))
    }

    /// What a manager's mark on the roll writes: `None` when the entry already says exactly
    /// that. A first mark needs a reason only for an excused absence; changing an entry always
    /// needs one.
    pub fn mark(
        &self,
        existing: Option<Entry<'_>>,
        status: AttendanceStatus,
        reason: Option<Reason>,
    ) -> Result<Option<Mark>, RollRefusal> {
        self.roll_open().map_err(RollRefusal::State)?;
        if let Some(entry) = existing
            && entry.status == status
            && (reason.is_none() || entry.reason == reason.as_ref().map(Reason::as_str))
        {
            return Ok(None);
        }
        let correction = existing.is_some();
        if reason.is_none() && (correction || status == AttendanceStatus::AbsentExcused) {
            return Err(RollRefusal::ReasonRequired);
        }
        Ok(Some(Mark {
            status,
            reason: reason.map(Reason::into_string),
            correction,
        }))
    }
}

/// What closing a session writes for an expected member nobody accounted for: an excused
/// absence with the apology's reason when they sent one, an unexcused absence otherwise.
pub struct Closing;

impl Closing {
    pub fn absence(apology: Option<&str>) -> (AttendanceStatus, Option<String>) {
        match apology {
            Some(reason) => (AttendanceStatus::AbsentExcused, Some(reason.to_owned())),
            None => (AttendanceStatus::AbsentUnexcused, None),
        }
    }
}
