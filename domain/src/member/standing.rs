//! Where a member takes part in party life and whether they may: the part of a member that
//! changes by moves (chuyển sinh hoạt), temporary attachment (sinh hoạt tạm thời) and status
//! (miễn, đình chỉ, xoá tên). A change is decided here, with every consequence the stores must
//! carry out: which membership closes and which opens (history is kept, never rewritten), and
//! whether the member's sessions end.

use crate::ids::OrgId;
use crate::member::ActivityStatus;
use crate::validation::Invalid;

crate::member::string_enum!(
    /// A stretch of a member's history in one cell: their home, or a temporary attachment.
    MembershipKind { Home => "home", Temporary => "temporary" }
);

/// A member's cells and status as they stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The home cell: where the member belongs and is counted.
    pub home: OrgId,
    /// The cell the member is temporarily attached to, which counts them while attached.
    pub attached: Option<OrgId>,
    pub status: ActivityStatus,
}

/// A change asked of a standing: `None` leaves that part as it is; `attached: Some(None)` ends
/// the attachment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StandingChange {
    pub home: Option<OrgId>,
    pub attached: Option<Option<OrgId>>,
    pub status: Option<ActivityStatus>,
}

/// What a change does. Only real changes appear: asking for the cell a member is already in
/// moves nothing and closes no membership. `Cell` is an [`OrgId`] as decided here; the
/// application swaps in the cells it has looked up and checked ([`Consequences::try_map_cells`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consequences<Cell = OrgId> {
    /// Moved: the home membership closes today and one in this cell opens.
    pub moved_to: Option<Cell>,
    /// The attachment changed: the temporary membership (if any) closes today, and one in this
    /// cell opens if it is `Some`.
    pub attached_to: Option<Option<Cell>>,
    pub status: Option<ActivityStatus>,
    /// The member moves to a status that may not use the app, so every session they hold
    /// ends now. (One already in such a status holds none.)
    pub ends_sessions: bool,
}

impl<Cell> Default for Consequences<Cell> {
    fn default() -> Self {
        Consequences {
            moved_to: None,
            attached_to: None,
            status: None,
            ends_sessions: false,
        }
    }
}

impl<Cell> Consequences<Cell> {
    pub fn is_empty(&self) -> bool {
        self.moved_to.is_none()
            && self.attached_to.is_none()
            && self.status.is_none()
            && !self.ends_sessions
    }

    /// The same consequences with each cell replaced by `look_up(field, cell)`, where `field`
    /// is the request field that named it (`org_id` or `attached_org_id`).
    pub fn try_map_cells<Other, Error>(
        self,
        mut look_up: impl FnMut(&'static str, Cell) -> Result<Other, Error>,
    ) -> Result<Consequences<Other>, Error> {
        Ok(Consequences {
            moved_to: self
                .moved_to
                .map(|cell| look_up("org_id", cell))
                .transpose()?,
            attached_to: match self.attached_to {
                Some(Some(cell)) => Some(Some(look_up("attached_org_id", cell)?)),
                Some(None) => Some(None),
                None => None,
            },
            status: self.status,
            ends_sessions: self.ends_sessions,
        })
    }
}

/// The request field a refusal concerns.
pub type Refused = (&'static str, Invalid);

impl Standing {
    /// A new member's standing: they may not be attached to their own home cell.
    pub fn new(
        home: OrgId,
        attached: Option<OrgId>,
        status: ActivityStatus,
    ) -> Result<Self, Refused> {
        if attached == Some(home) {
            return Err(("attached_org_id", attached_to_home()));
        }
        Ok(Standing {
            home,
            attached,
            status,
        })
    }

    /// Decides `asked`. The result must not attach the member to their home cell: moving
    /// into the cell one is attached to needs the attachment ended in the same change.
    pub fn change(&self, asked: &StandingChange) -> Result<Consequences, Refused> {
        let moved_to = asked.home.filter(|home| *home != self.home);
        let attached_to = asked.attached.filter(|attached| *attached != self.attached);
        let home = moved_to.unwrap_or(self.home);
        let attached = attached_to.unwrap_or(self.attached);
        if attached == Some(home) {
            let field = if attached_to.is_some() {
                "attached_org_id"
            } else {
                "org_id"
            };
            return Err((field, attached_to_home()));
        }
        let status = asked.status.filter(|status| *status != self.status);
        Ok(Consequences {
            moved_to,
            attached_to,
            status,
            ends_sessions: status.is_some_and(|status| !status.may_log_in()),
        })
    }
}

fn attached_to_home() -> Invalid {
    Invalid::new(
        "attached_to_home",
        "Không thể sinh hoạt tạm thời tại chính chi bộ của mình.",
        "A member cannot be temporarily attached to their own home cell.",
    )
}
