//! Who may see and do what. Authority flows down the tree: a position held at an organisation
//! covers its whole subtree. Everything here is decided from the caller and the object's place
//! in the tree, without HTTP or SQL, so it is tested directly.

use crate::ids::MemberId;
use crate::org::OrgPath;
use crate::role::{Authority, Role};

/// A position as it matters for access: the role, and where it is held (`None` only for the
/// system administrator, above the tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRole {
    pub role: Role,
    pub at: Option<OrgPath>,
}

/// The authenticated member making a request, with their current positions.
#[derive(Debug, Clone)]
pub struct Caller {
    pub member_id: MemberId,
    /// The member's own cell.
    pub home: OrgPath,
    /// The cell they are temporarily attached to (sinh hoạt tạm thời), if any.
    pub attached: Option<OrgPath>,
    pub roles: Vec<HeldRole>,
}

/// Where a member sits in the tree, for deciding who may see them.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    pub member_id: MemberId,
    pub home: &'a OrgPath,
    pub attached: Option<&'a OrgPath>,
}

/// Who a caller is to a member's work under review (a reflection, an action plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewRight {
    /// Manages neither the member's cell nor the one they are attached to.
    None,
    /// Manages there, but is the member: a secretary's work is reviewed by another manager
    /// of the cell or by the level above.
    Own,
    /// A manager of the cell where the member sits.
    Reviewer,
}

/// How much of a member a caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Visibility {
    /// Not at all: answered exactly like a member that does not exist.
    Hidden,
    /// Name, cell and positions: what a colleague sees.
    Basic,
    /// Everything, including citizen id, date of birth and phone.
    Full,
}

/// What a caller may list: whole subtrees, plus single cells they belong to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// `None` when the caller sees everything (system administrator).
    pub subtrees: Option<Vec<OrgPath>>,
    /// The caller's own cells (home and attached), seen as a colleague.
    pub cells: Vec<OrgPath>,
}

impl Caller {
    pub fn is_system_admin(&self) -> bool {
        self.roles.iter().any(|held| held.role == Role::SystemAdmin)
    }

    /// The strongest authority any of the caller's positions gives over `org`.
    pub fn authority_over(&self, org: &OrgPath) -> Option<Authority> {
        self.roles
            .iter()
            .filter(|held| match &held.at {
                None => held.role == Role::SystemAdmin,
                Some(at) => at.contains(org),
            })
            .map(|held| held.role.authority())
            .max()
    }

    pub fn can_manage(&self, org: &OrgPath) -> bool {
        self.authority_over(org) == Some(Authority::Manage)
    }

    /// Whether the caller manages anything at all: the test for functions only managers have
    /// (answered 403 to others, since the function's existence is no secret).
    pub fn is_manager(&self) -> bool {
        self.roles
            .iter()
            .any(|held| held.role.authority() == Authority::Manage)
    }

    fn own_cells(&self) -> impl Iterator<Item = &OrgPath> {
        std::iter::once(&self.home).chain(self.attached.as_ref())
    }

    /// Organisations a caller sees: those under their authority, and the chain of
    /// organisations above their own cells (their cell, ward, province).
    pub fn can_see_org(&self, org: &OrgPath) -> bool {
        self.authority_over(org).is_some() || self.own_cells().any(|cell| org.contains(cell))
    }

    /// Whether the caller reviews a member's work: they manage the member's own cell or the
    /// one the member is attached to, and are not the member.
    pub fn review_right(&self, member: Placement<'_>) -> ReviewRight {
        let manages = self.can_manage(member.home)
            || member.attached.is_some_and(|cell| self.can_manage(cell));
        match (manages, member.member_id == self.member_id) {
            (false, _) => ReviewRight::None,
            (true, true) => ReviewRight::Own,
            (true, false) => ReviewRight::Reviewer,
        }
    }

    pub fn visibility_of(&self, member: Placement<'_>) -> Visibility {
        if member.member_id == self.member_id {
            return Visibility::Full;
        }
        let places = || std::iter::once(member.home).chain(member.attached);
        if places().any(|place| self.can_manage(place)) {
            return Visibility::Full;
        }
        let colleague = places().any(|place| self.own_cells().any(|cell| cell == place));
        if colleague || places().any(|place| self.authority_over(place).is_some()) {
            return Visibility::Basic;
        }
        Visibility::Hidden
    }

    /// Whether the caller may act on a member's account and record (edit, move, suspend, reset
    /// their password): they must manage the member's own cell, and every organisation where
    /// the member holds a position, and be a system administrator to touch one. Managing the
    /// cell a member is only temporarily attached to is not enough: a host cell's secretary
    /// must not take over a visitor's account.
    pub fn may_administer(&self, home: &OrgPath, positions: &[HeldRole]) -> bool {
        self.administers(home, positions)
    }

    /// Whether the caller may suspend, remove or reactivate the member: one they administer,
    /// never themselves (by accident or otherwise: another manager does it).
    pub fn may_change_status_of(
        &self,
        member: MemberId,
        home: &OrgPath,
        positions: &[HeldRole],
    ) -> bool {
        member != self.member_id && self.administers(home, positions)
    }

    /// Whether the caller may give the member a temporary password: one they administer, never
    /// themselves (one's own password is changed with the current one). The same people as
    /// for a status change, for a different reason.
    pub fn may_reset_password_of(
        &self,
        member: MemberId,
        home: &OrgPath,
        positions: &[HeldRole],
    ) -> bool {
        self.may_change_status_of(member, home, positions)
    }

    fn administers(&self, home: &OrgPath, positions: &[HeldRole]) -> bool {
        self.can_manage(home)
            && positions.iter().all(|held| match &held.at {
                None => self.is_system_admin(),
                Some(at) => self.can_manage(at),
            })
    }

    /// What the caller may list, as filters for a query.
    pub fn scope(&self) -> Scope {
        self.scope_with(Authority::Oversee)
    }

    /// The subtrees the caller manages (no own cells): for functions only managers have.
    pub fn managed_scope(&self) -> Scope {
        Scope {
            cells: Vec::new(),
            ..self.scope_with(Authority::Manage)
        }
    }

    fn scope_with(&self, at_least: Authority) -> Scope {
        if self.is_system_admin() {
            return Scope {
                subtrees: None,
                cells: Vec::new(),
            };
        }
        let mut subtrees: Vec<OrgPath> = self
            .roles
            .iter()
            .filter(|held| held.role.authority() >= at_least)
            .filter_map(|held| held.at.clone())
            .collect();
        subtrees.sort();
        subtrees.dedup();
        // A subtree inside another adds nothing.
        let nested: Vec<bool> = subtrees
            .iter()
            .map(|inner| {
                subtrees
                    .iter()
                    .any(|outer| outer != inner && outer.contains(inner))
            })
            .collect();
        let subtrees = subtrees
            .into_iter()
            .zip(nested)
            .filter_map(|(path, nested)| (!nested).then_some(path))
            .collect();
        Scope {
            subtrees: Some(subtrees),
            cells: self.own_cells().cloned().collect(),
        }
    }
}

#[cfg(test)]
mod tests;
