//! Who may see and do what, on a small tree.

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
