//! A session's states and what each allows: draft → published → open for check-in → closed,
//! forward only (a step may be skipped: a meeting called on the spot is opened at once).

use super::{Session, SessionState};

/// Why a session refuses a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateRefusal {
    /// States move forward only; a closed roll is corrected entry by entry, not reopened.
    Backwards {
        from: SessionState,
        to: SessionState,
    },
    /// A closed session's details no longer change.
    Closed,
    /// A cancelled session changes no more; only a published one (announced, not yet open) is
    /// cancelled.
    Cancelled,
    /// Check-in, and its code, need the session open for check-in.
    NotOpen,
    /// The roll is kept once the session is open (or closed), not before.
    RollNotStarted,
    /// Answers (RSVP) are given before the session ends, once it is published.
    NotAnswerable,
    /// The caller is not among the expected attendees.
    NotExpected,
    /// The code was shown outside the session's check-in window.
    OutsideWindow,
}

impl SessionState {
    fn rank(self) -> u8 {
        match self {
            SessionState::Draft => 0,
            SessionState::Published => 1,
            SessionState::Open => 2,
            SessionState::Closed => 3,
            // Beside the line rather than on it: see `move_to`.
            SessionState::Cancelled => 4,
        }
    }
}

impl Session {
    /// The state a requested move leads to: `None` when the session is already there.
    pub fn move_to(&self, to: SessionState) -> Result<Option<SessionState>, StateRefusal> {
        match (self.state, to) {
            (SessionState::Cancelled, SessionState::Cancelled) => return Ok(None),
            (SessionState::Cancelled, _) => return Err(StateRefusal::Cancelled),
            // Only what was announced is called off: a draft cancelled would show members a
            // session they were never told of. A draft that will not happen stays a draft.
            (SessionState::Published, SessionState::Cancelled) => return Ok(Some(to)),
            (_, SessionState::Cancelled) => return Err(StateRefusal::Cancelled),
            _ => {}
        }
        match self.state.rank().cmp(&to.rank()) {
            std::cmp::Ordering::Equal => Ok(None),
            std::cmp::Ordering::Less => Ok(Some(to)),
            std::cmp::Ordering::Greater => Err(StateRefusal::Backwards {
                from: self.state,
                to,
            }),
        }
    }

    /// Whether the details (title, times, place, invitations, materials) may change.
    pub fn editable(&self) -> Result<(), StateRefusal> {
        match self.state {
            SessionState::Closed => Err(StateRefusal::Closed),
            SessionState::Cancelled => Err(StateRefusal::Cancelled),
            _ => Ok(()),
        }
    }

    /// Whether members may check in now, by code.
    pub fn accepts_check_ins(&self) -> Result<(), StateRefusal> {
        match self.state {
            SessionState::Open => Ok(()),
            _ => Err(StateRefusal::NotOpen),
        }
    }

    /// Whether the roll may be marked or corrected.
    pub fn roll_open(&self) -> Result<(), StateRefusal> {
        match self.state {
            SessionState::Open | SessionState::Closed => Ok(()),
            SessionState::Draft | SessionState::Published => Err(StateRefusal::RollNotStarted),
            SessionState::Cancelled => Err(StateRefusal::Cancelled),
        }
    }

    /// Whether a member may answer (attending, or an apology) at `now`.
    pub fn answerable(&self, now: chrono::NaiveDateTime) -> Result<(), StateRefusal> {
        let announced = matches!(self.state, SessionState::Published | SessionState::Open);
        if announced && now < self.schedule.ends_at() {
            Ok(())
        } else {
            Err(StateRefusal::NotAnswerable)
        }
    }
}
