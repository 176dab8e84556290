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
    /// themselves (one's own password is changed with the current one).
    pub fn may_reset_password_of(
        &self,
        member: MemberId,
        home: &OrgPath,
        positions: &[HeldRole],
    ) -> bool {
        member != self.member_id && self.administers(home, positions)
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
mod tests {
    use super::*;
    use crate::ids::OrgId;

    /// A province with two wards; the first ward has two cells.
    struct Tree {
        province: OrgPath,
        ward: OrgPath,
        cell: OrgPath,
        sibling_cell: OrgPath,
        other_ward_cell: OrgPath,
    }

    fn tree() -> Tree {
        let province = OrgPath::root(OrgId::new());
        let ward = province.child(OrgId::new());
        let other_ward = province.child(OrgId::new());
        Tree {
            cell: ward.child(OrgId::new()),
            sibling_cell: ward.child(OrgId::new()),
            other_ward_cell: other_ward.child(OrgId::new()),
            province,
            ward,
        }
    }

    fn member_of(cell: &OrgPath, roles: Vec<HeldRole>) -> Caller {
        Caller {
            member_id: MemberId::new(),
            home: cell.clone(),
            attached: None,
            roles,
        }
    }

    fn held(role: Role, at: &OrgPath) -> HeldRole {
        HeldRole {
            role,
            at: Some(at.clone()),
        }
    }

    fn placement(id: MemberId, home: &OrgPath) -> Placement<'_> {
        Placement {
            member_id: id,
            home,
            attached: None,
        }
    }

    #[test]
    fn a_manager_changes_the_status_and_password_of_others_never_their_own() {
        let t = tree();
        let secretary = member_of(&t.cell, vec![held(Role::Secretary, &t.ward)]);
        let colleague = MemberId::new();
        assert!(secretary.may_change_status_of(colleague, &t.cell, &[]));
        assert!(secretary.may_reset_password_of(colleague, &t.cell, &[]));
        let own = secretary.member_id;
        let own_roles = secretary.roles.clone();
        assert!(secretary.may_administer(&t.cell, &own_roles));
        assert!(!secretary.may_change_status_of(own, &t.cell, &own_roles));
        assert!(!secretary.may_reset_password_of(own, &t.cell, &own_roles));
        // Outside what they manage, neither.
        assert!(!secretary.may_change_status_of(colleague, &t.other_ward_cell, &[]));
    }

    #[test]
    fn a_ward_secretary_manages_the_whole_ward_and_nothing_beside_it() {
        let t = tree();
        let secretary = member_of(&t.cell, vec![held(Role::Secretary, &t.ward)]);
        assert!(secretary.can_manage(&t.ward));
        assert!(secretary.can_manage(&t.cell));
        assert!(secretary.can_manage(&t.sibling_cell));
        assert!(!secretary.can_manage(&t.province));
        assert!(!secretary.can_manage(&t.other_ward_cell));
        assert!(secretary.is_manager());
    }

    #[test]
    fn a_plain_member_manages_nothing_but_sees_the_chain_above_their_cell() {
        let t = tree();
        let member = member_of(&t.cell, vec![]);
        assert!(!member.can_manage(&t.cell));
        assert!(!member.is_manager());
        assert!(member.can_see_org(&t.cell));
        assert!(member.can_see_org(&t.ward));
        assert!(member.can_see_org(&t.province));
        assert!(!member.can_see_org(&t.sibling_cell));
        assert!(!member.can_see_org(&t.other_ward_cell));
    }

    #[test]
    fn members_see_themselves_fully_colleagues_basically_and_strangers_not_at_all() {
        let t = tree();
        let member = member_of(&t.cell, vec![]);
        assert_eq!(
            member.visibility_of(placement(member.member_id, &t.cell)),
            Visibility::Full
        );
        assert_eq!(
            member.visibility_of(placement(MemberId::new(), &t.cell)),
            Visibility::Basic
        );
        assert_eq!(
            member.visibility_of(placement(MemberId::new(), &t.sibling_cell)),
            Visibility::Hidden
        );
    }

    #[test]
    fn managers_see_sensitive_details_in_their_subtree_only() {
        let t = tree();
        let secretary = member_of(&t.cell, vec![held(Role::Secretary, &t.cell)]);
        assert_eq!(
            secretary.visibility_of(placement(MemberId::new(), &t.cell)),
            Visibility::Full
        );
        assert_eq!(
            secretary.visibility_of(placement(MemberId::new(), &t.sibling_cell)),
            Visibility::Hidden
        );
    }

    #[test]
    fn committee_members_oversee_without_sensitive_details() {
        let t = tree();
        let overseer = member_of(&t.cell, vec![held(Role::CommitteeMember, &t.ward)]);
        assert!(!overseer.can_manage(&t.sibling_cell));
        assert!(overseer.can_see_org(&t.sibling_cell));
        assert_eq!(
            overseer.visibility_of(placement(MemberId::new(), &t.sibling_cell)),
            Visibility::Basic
        );
    }

    #[test]
    fn temporary_attachment_makes_colleagues_in_the_host_cell() {
        let t = tree();
        let mut visitor = member_of(&t.other_ward_cell, vec![]);
        visitor.attached = Some(t.cell.clone());
        assert!(visitor.can_see_org(&t.cell));
        assert_eq!(
            visitor.visibility_of(placement(MemberId::new(), &t.cell)),
            Visibility::Basic
        );

        let host_secretary = member_of(&t.cell, vec![held(Role::Secretary, &t.cell)]);
        let visitor_placement = Placement {
            member_id: visitor.member_id,
            home: &t.other_ward_cell,
            attached: Some(&t.cell),
        };
        assert_eq!(
            host_secretary.visibility_of(visitor_placement),
            Visibility::Full
        );
    }

    #[test]
    fn the_system_administrator_sees_and_manages_everything() {
        let t = tree();
        let admin = member_of(
            &t.cell,
            vec![HeldRole {
                role: Role::SystemAdmin,
                at: None,
            }],
        );
        assert!(admin.is_system_admin());
        assert!(admin.can_manage(&t.province));
        assert!(admin.can_manage(&t.other_ward_cell));
        assert_eq!(admin.scope().subtrees, None);
    }

    #[test]
    fn nobody_takes_over_an_account_that_holds_more_than_they_manage() {
        let t = tree();
        let cell_secretary = member_of(&t.cell, vec![held(Role::Secretary, &t.cell)]);
        // A plain member of the cell: the cell's secretary administers them.
        assert!(cell_secretary.may_administer(&t.cell, &[]));
        // The ward's secretary lives in the same cell: the cell's secretary may not reset them.
        assert!(!cell_secretary.may_administer(&t.cell, &[held(Role::Secretary, &t.ward)]));
        // Nor a system administrator whose home is the cell.
        let admin_role = HeldRole {
            role: Role::SystemAdmin,
            at: None,
        };
        assert!(!cell_secretary.may_administer(&t.cell, std::slice::from_ref(&admin_role)));
        let ward_secretary = member_of(&t.cell, vec![held(Role::Secretary, &t.ward)]);
        assert!(ward_secretary.may_administer(&t.cell, &[held(Role::Secretary, &t.cell)]));
        assert!(!ward_secretary.may_administer(&t.cell, &[admin_role]));
        // Hosting a visitor is no authority over their account.
        let host = member_of(
            &t.sibling_cell,
            vec![held(Role::Secretary, &t.sibling_cell)],
        );
        assert!(!host.may_administer(&t.other_ward_cell, &[]));
    }

    #[test]
    fn the_scope_drops_subtrees_inside_others() {
        let t = tree();
        let caller = member_of(
            &t.cell,
            vec![
                held(Role::Secretary, &t.cell),
                held(Role::CommitteeMember, &t.ward),
            ],
        );
        let scope = caller.scope();
        assert_eq!(scope.subtrees, Some(vec![t.ward.clone()]));
        assert_eq!(scope.cells, vec![t.cell.clone()]);
        let managed = caller.managed_scope();
        assert_eq!(
            managed.subtrees,
            Some(vec![t.cell.clone()]),
            "overseeing is not managing"
        );
        assert!(managed.cells.is_empty());
    }
}
