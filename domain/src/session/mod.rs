//! Sessions: cell meetings, thematic meetings, study conferences and make-up sessions, with who
//! is expected at them, how members check in and how the roll is kept.
//!
//! A [`Session`] owns its state (draft → published → open for check-in → closed), decides who
//! may see and run it and who is expected, and answers what a check-in, a roll mark or closing
//! does. The use cases load it, ask it, and store what it says.

use chrono::{NaiveDateTime, TimeDelta};

use crate::access::Caller;
use crate::ids::MemberId;
use crate::member::{ActivityStatus, string_enum};
use crate::org::OrgPath;
use crate::validation::Invalid;

mod attendance;
mod check_in;
mod lifecycle;
mod schedule;
#[cfg(test)]
mod tests;

pub use attendance::{
    AttendanceStatus, CheckInMethod, Closing, Entry, Mark, Reason, RollRefusal, RsvpResponse,
};
pub use check_in::{
    ACCEPTED_STEPS_AFTER, CheckInCode, CheckInSecret, Proof, STEP_SECONDS, TokenRefusal,
};
pub use lifecycle::StateRefusal;
pub use schedule::{LateAfter, OnlineUrl, Schedule, Warning, warnings};

string_enum!(
    /// What kind of meeting a session is (Hướng dẫn 42-HD/BTCTW).
    SessionKind {
        /// Sinh hoạt chi bộ thường kỳ: the monthly cell meeting.
        Regular => "regular",
        /// Sinh hoạt chuyên đề: at least once a quarter.
        Thematic => "thematic",
        /// Regular and thematic in one meeting (at least 120 minutes).
        Combined => "combined",
        /// Hội nghị học tập, quán triệt nghị quyết.
        StudyConference => "study_conference",
        /// Học bù / sinh hoạt bù, for those who missed a session (`makeup_of`).
        Makeup => "makeup",
        /// A committee (cấp ủy) meeting.
        Committee => "committee",
    }
);

string_enum!(
    /// Where members meet.
    SessionMode {
        InPerson => "in_person",
        Online => "online",
        Hybrid => "hybrid",
    }
);

impl SessionMode {
    /// Whether a session in this mode needs a link to join.
    pub fn needs_link(self) -> bool {
        self != SessionMode::InPerson
    }
}

string_enum!(
    /// Where a session is in its life.
    SessionState {
        /// Being prepared: seen by the host's managers only.
        Draft => "draft",
        /// Announced to the invited: members see it and answer (RSVP).
        Published => "published",
        /// Open for check-in: the rotating code works.
        Open => "open",
        /// Over: the roll is final, but still corrected with a reason.
        Closed => "closed",
        /// Called off before it opened: nobody is expected, and it changes no more.
        Cancelled => "cancelled",
    }
);

/// What a caller may do with one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SessionAccess {
    /// Nothing: the session answers 404, as one that does not exist.
    None,
    /// See it, answer, check in (when expected).
    See,
    /// Also edit it, move its state, show the check-in code and keep the roll: the managers of
    /// the host organisation.
    Run,
}

/// A member as a session asks about them: their status and where they sit.
#[derive(Debug, Clone, Copy)]
pub struct Attendee<'a> {
    pub member_id: MemberId,
    pub status: ActivityStatus,
    pub home: &'a OrgPath,
    pub attached: Option<&'a OrgPath>,
}

/// A session as its rules need it.
#[derive(Debug, Clone)]
pub struct Session {
    pub state: SessionState,
    pub host: OrgPath,
    /// The invited organisations; their whole subtrees are invited.
    pub invited: Vec<OrgPath>,
    pub schedule: Schedule,
    pub late_after: LateAfter,
    /// For a make-up session: who attended the session it makes up for (sorted). They studied
    /// already, so they are not expected again.
    pub attended_original: Vec<MemberId>,
}

impl Session {
    /// Managers of the host run a session. Anyone placed in an invited subtree, or with
    /// authority over the host or an invited organisation, sees it once it is published.
    pub fn access(&self, caller: &Caller) -> SessionAccess {
        if caller.can_manage(&self.host) {
            return SessionAccess::Run;
        }
        if self.state == SessionState::Draft {
            return SessionAccess::None;
        }
        let oversees = std::iter::once(&self.host)
            .chain(&self.invited)
            .any(|org| caller.authority_over(org).is_some());
        let placed = self.reaches(&caller.home)
            || caller
                .attached
                .as_ref()
                .is_some_and(|cell| self.reaches(cell));
        if oversees || placed {
            SessionAccess::See
        } else {
            SessionAccess::None
        }
    }

    /// Whether `cell` lies inside an invited subtree.
    pub fn reaches(&self, cell: &OrgPath) -> bool {
        self.invited.iter().any(|org| org.contains(cell))
    }

    /// Expected attendees: active members placed (home or attached) in an invited subtree,
    /// and for a make-up session only those who did not attend the session it makes up for.
    /// Exempt members are welcome but not counted; suspended and removed ones are not expected.
    pub fn expects(&self, attendee: Attendee<'_>) -> bool {
        attendee.status == ActivityStatus::Active
            && (self.reaches(attendee.home) || attendee.attached.is_some_and(|c| self.reaches(c)))
            && self
                .attended_original
                .binary_search(&attendee.member_id)
                .is_err()
    }

    /// The status a member arriving at `at` gets: late after the start and its grace.
    pub fn arrival_status(&self, at: NaiveDateTime) -> AttendanceStatus {
        if at > self.schedule.starts_at() + self.late_after.as_delta() {
            AttendanceStatus::Late
        } else {
            AttendanceStatus::Present
        }
    }

    /// When check-in codes are issued and accepted: from an hour before the start to an hour
    /// after the end (meetings start early and run over).
    pub fn check_in_window(&self) -> (NaiveDateTime, NaiveDateTime) {
        let margin = TimeDelta::minutes(CHECK_IN_MARGIN_MINUTES);
        (
            self.schedule.starts_at() - margin,
            self.schedule.ends_at() + margin,
        )
    }

    /// Whether `at` lies in [`Session::check_in_window`].
    pub fn in_check_in_window(&self, at: NaiveDateTime) -> bool {
        let (opens, closes) = self.check_in_window();
        (opens..=closes).contains(&at)
    }
}

/// How long before the start and after the end check-in codes work.
pub const CHECK_IN_MARGIN_MINUTES: i64 = 60;

/// Organisations one session may invite.
pub const MAX_INVITED_ORGS: usize = 50;
/// Documents one session may link as its materials.
pub const MAX_MATERIALS: usize = 20;

/// The title of a session: one line, 1 to 300 characters.
pub fn title(raw: &str) -> Result<String, Invalid> {
    crate::text::single_line(raw, 300)
}

/// Where it meets: one line, up to 300 characters (a hall, a village house, a room).
pub fn location(raw: &str) -> Result<String, Invalid> {
    crate::text::single_line(raw, 300)
}

/// Where a session sits in lists: its start to the microsecond, then its id. Text compares in
/// that order, so a cursor is the last key and any text is a place in the order.
pub fn list_key(starts_at: NaiveDateTime, id: crate::ids::SessionId) -> String {
    format!("{}|{id}", starts_at.format("%Y-%m-%dT%H:%M:%S%.6f"))
}
