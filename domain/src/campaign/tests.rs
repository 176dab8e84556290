use super::*;
use crate::access::HeldRole;
use crate::ids::{MemberId, OrgId};
use crate::role::Role;

struct Ward {
    ward: OrgPath,
    a1: OrgPath,
    a2: OrgPath,
    b1: OrgPath,
}

fn ward() -> Ward {
    let province = OrgPath::root(OrgId::new());
    let ward = province.child(OrgId::new());
    Ward {
        a1: ward.child(OrgId::new()),
        a2: ward.child(OrgId::new()),
        b1: province.child(OrgId::new()).child(OrgId::new()),
        ward,
    }
}

fn campaign(w: &Ward, reflection: ReflectionRule) -> Campaign {
    Campaign {
        host: w.ward.clone(),
        targets: vec![w.a1.clone(), w.a2.clone()],
        reflection,
        target_percent: 100,
    }
}

fn caller(home: &OrgPath, roles: Vec<(Role, &OrgPath)>) -> Caller {
    Caller {
        member_id: MemberId::new(),
        home: home.clone(),
        attached: None,
        roles: roles
            .into_iter()
            .map(|(role, at)| HeldRole {
                role,
                at: Some(at.clone()),
            })
            .collect(),
    }
}

fn member<'a>(
    status: ActivityStatus,
    home: &'a OrgPath,
    attached: Option<&'a OrgPath>,
) -> Attendee<'a> {
    Attendee {
        member_id: MemberId::new(),
        status,
        home,
        attached,
    }
}

#[test]
fn the_host_runs_a_campaign_its_targets_see_it_and_others_do_not() {
    let w = ward();
    let c = campaign(&w, ReflectionRule::Accepted);
    let secretary = caller(&w.a1, vec![(Role::Secretary, &w.ward)]);
    assert_eq!(c.access(&secretary), CampaignAccess::Run);
    assert_eq!(c.access(&caller(&w.a1, vec![])), CampaignAccess::See);
    let cell_secretary = caller(&w.a1, vec![(Role::Secretary, &w.a1)]);
    assert_eq!(c.access(&cell_secretary), CampaignAccess::See);
    assert_eq!(c.access(&caller(&w.b1, vec![])), CampaignAccess::None);
    let mut visitor = caller(&w.b1, vec![]);
    visitor.attached = Some(w.a2.clone());
    assert_eq!(c.access(&visitor), CampaignAccess::See);
}

#[test]
fn the_denominator_counts_active_members_placed_in_a_target_and_not_the_exempt() {
    let w = ward();
    let c = campaign(&w, ReflectionRule::NotRequired);
    assert!(c.counts(member(ActivityStatus::Active, &w.a1, None)));
    assert!(c.counts(member(ActivityStatus::Active, &w.b1, Some(&w.a2))));
    assert!(!c.counts(member(ActivityStatus::Exempt, &w.a1, None)));
    assert!(!c.counts(member(ActivityStatus::Suspended, &w.a1, None)));
    assert!(!c.counts(member(ActivityStatus::Active, &w.b1, None)));
    assert!(c.may_reflect(member(ActivityStatus::Exempt, &w.a1, None)));
    assert!(!c.may_reflect(member(ActivityStatus::Suspended, &w.a1, None)));
}

#[test]
fn studying_needs_a_session_and_the_reflection_the_campaign_asks_for() {
    let w = ward();
    let accepted = campaign(&w, ReflectionRule::Accepted);
    assert!(
        accepted
            .needs(true, Some(ReflectionStatus::Accepted))
            .studied()
    );
    let submitted = accepted.needs(true, Some(ReflectionStatus::Submitted));
    assert!(!submitted.session && submitted.reflection);
    let absent = accepted.needs(false, Some(ReflectionStatus::Accepted));
    assert!(absent.session && !absent.reflection);
    let enough = campaign(&w, ReflectionRule::Submitted);
    assert!(
        enough
            .needs(true, Some(ReflectionStatus::Submitted))
            .studied()
    );
    assert!(
        !enough
            .needs(true, Some(ReflectionStatus::Returned))
            .studied()
    );
    assert!(!enough.needs(true, Some(ReflectionStatus::Draft)).studied());
    let none = campaign(&w, ReflectionRule::NotRequired);
    assert!(none.needs(true, None).studied());
    assert!(!none.needs(false, None).studied());
}

#[test]
fn a_report_scope_is_each_targets_part_inside_the_subtree() {
    let w = ward();
    let c = campaign(&w, ReflectionRule::NotRequired);
    assert_eq!(c.scope(&w.ward), vec![w.a1.clone(), w.a2.clone()]);
    assert_eq!(c.scope(&w.a1), vec![w.a1.clone()]);
    assert!(c.scope(&w.b1).is_empty());
    let whole = Campaign {
        targets: vec![w.a1.clone(), w.ward.clone()],
        ..c
    };
    assert_eq!(whole.scope(&w.ward), vec![w.ward.clone()]);
}

#[test]
fn a_visitor_studies_in_the_cell_they_are_attached_to_when_it_is_in_scope() {
    let w = ward();
    let scope = vec![w.a1.clone(), w.a2.clone()];
    assert_eq!(studying_cell(&scope, &w.b1, Some(&w.a2)), Some(&w.a2));
    assert_eq!(studying_cell(&scope, &w.a1, Some(&w.b1)), Some(&w.a1));
    assert_eq!(studying_cell(&scope, &w.b1, None), None);
    assert_eq!(child_within(&w.ward, &w.a1), Some(w.a1.clone()));
    let group = w.a1.child(OrgId::new());
    assert_eq!(child_within(&w.ward, &group), Some(w.a1.clone()));
    assert_eq!(child_within(&w.a1, &w.a1), Some(w.a1.clone()));
    assert_eq!(child_within(&w.a1, &w.a2), None);
}

#[test]
fn progress_adds_each_placement_once_overall_and_under_its_cell() {
    let w = ward();
    let c = campaign(&w, ReflectionRule::Accepted);
    let mut progress = Progress::new(&c, &w.ward);
    let tally = |expected, attended, reflected, studied| Tally {
        expected,
        attended,
        reflected,
        studied,
    };
    progress.add(&w.a1, None, tally(4, 4, 3, 3));
    progress.add(&w.a2, None, tally(2, 0, 0, 0));
    progress.add(&w.b1, Some(&w.a2), tally(1, 1, 1, 1));
    progress.add(&w.b1, None, tally(7, 7, 7, 7));
    assert_eq!(progress.overall, tally(7, 5, 4, 4));
    assert_eq!(progress.by_child[&w.a1].studied, 3);
    assert_eq!(progress.by_child[&w.a2].need_session(), 2);
    assert_eq!(progress.by_child[&w.a2].studied, 1);
    assert_eq!(progress.overall.percent(), 57.1);
    assert!(!progress.overall.reaches(100));
    assert!(progress.overall.reaches(57));
}

#[test]
fn a_percentage_is_rounded_down_so_a_hundred_means_everyone() {
    let almost = Tally {
        expected: 1_000,
        attended: 1_000,
        reflected: 1_000,
        studied: 999,
    };
    assert_eq!(almost.percent(), 99.9);
    assert!(!almost.reaches(100));
    assert_eq!(Tally::default().percent(), 0.0);
    assert!(!Tally::default().reaches(1));
}

#[test]
fn a_reflection_is_written_submitted_reviewed_and_revised_after_a_return() {
    use reflection::{review, write};
    assert_eq!(write(None, false, false), Ok(ReflectionStatus::Draft));
    assert_eq!(write(None, false, true), Err(ReflectionRefusal::Empty));
    assert_eq!(
        write(Some(ReflectionStatus::Draft), true, true),
        Ok(ReflectionStatus::Submitted)
    );
    assert_eq!(
        write(Some(ReflectionStatus::Submitted), true, false),
        Err(ReflectionRefusal::Locked(ReflectionStatus::Submitted))
    );
    assert_eq!(
        review(ReflectionStatus::Submitted, ReviewDecision::Return, false),
        Err(ReflectionRefusal::CommentRequired)
    );
    assert_eq!(
        review(ReflectionStatus::Submitted, ReviewDecision::Return, true),
        Ok(ReflectionStatus::Returned)
    );
    assert_eq!(
        write(Some(ReflectionStatus::Returned), true, false),
        Ok(ReflectionStatus::Returned)
    );
    assert_eq!(
        write(Some(ReflectionStatus::Returned), true, true),
        Ok(ReflectionStatus::Submitted)
    );
    assert_eq!(
        review(ReflectionStatus::Submitted, ReviewDecision::Accept, false),
        Ok(ReflectionStatus::Accepted)
    );
    assert_eq!(
        review(ReflectionStatus::Accepted, ReviewDecision::Return, true),
        Err(ReflectionRefusal::NotSubmitted(ReflectionStatus::Accepted))
    );
    assert_eq!(
        write(Some(ReflectionStatus::Accepted), true, true),
        Err(ReflectionRefusal::Locked(ReflectionStatus::Accepted))
    );
}

#[test]
fn the_cells_managers_review_a_reflection_and_nobody_their_own() {
    use reflection::{ReviewRight, review_right};
    let w = ward();
    let secretary = caller(&w.a1, vec![(Role::Secretary, &w.a1)]);
    let author = member(ActivityStatus::Active, &w.a1, None);
    assert_eq!(review_right(&secretary, author), ReviewRight::Reviewer);
    let own = Attendee {
        member_id: secretary.member_id,
        ..author
    };
    assert_eq!(review_right(&secretary, own), ReviewRight::Own);
    let ward_secretary = caller(&w.a2, vec![(Role::Secretary, &w.ward)]);
    assert_eq!(review_right(&ward_secretary, own), ReviewRight::Reviewer);
    let visitor = member(ActivityStatus::Active, &w.b1, Some(&w.a1));
    assert_eq!(review_right(&secretary, visitor), ReviewRight::Reviewer);
    assert_eq!(
        review_right(&caller(&w.a1, vec![]), author),
        ReviewRight::None
    );
}

#[test]
fn a_visitor_from_another_ward_counts_where_they_study_whichever_subtree_is_reported() {
    let w = ward();
    let ward_b = w.b1.parent().unwrap();
    let province = w.ward.parent().unwrap();
    let c = Campaign {
        host: province.clone(),
        targets: vec![w.ward.clone(), ward_b.clone()],
        reflection: ReflectionRule::NotRequired,
        target_percent: 100,
    };
    let one = Tally {
        expected: 1,
        ..Tally::default()
    };
    // At home in A1, attached to B1: they study in B1, in ward B.
    let mut in_ward_a = Progress::new(&c, &w.ward);
    in_ward_a.add(&w.a1, Some(&w.b1), one);
    assert_eq!(in_ward_a.overall.expected, 0);
    let mut in_ward_b = Progress::new(&c, &ward_b);
    in_ward_b.add(&w.a1, Some(&w.b1), one);
    assert_eq!(in_ward_b.overall.expected, 1);
    let mut in_province = Progress::new(&c, &province);
    in_province.add(&w.a1, Some(&w.b1), one);
    assert_eq!(in_province.by_child[&ward_b].expected, 1);
    assert!(!in_province.by_child.contains_key(&w.ward));
}
