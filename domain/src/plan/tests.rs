use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::document::{Item, Structure, Target};

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, month, day).unwrap()
}

fn report(value: Option<f64>, done: Option<bool>, on: NaiveDate) -> Report {
    Report {
        value,
        done,
        reported_on: on,
    }
}

#[test]
fn a_numeric_indicator_needs_a_positive_target_and_a_boolean_one_takes_none() {
    let numeric = Indicator::parse(IndicatorKind::Numeric, Some("hộ"), Some(2.0));
    assert_eq!(
        numeric,
        Ok(Indicator::Numeric {
            unit: Some("hộ".to_owned()),
            target_value: 2.0
        })
    );
    let missing = Indicator::parse(IndicatorKind::Numeric, None, None);
    assert_eq!(missing.unwrap_err().0, "indicator.target_value");
    let zero = Indicator::parse(IndicatorKind::Numeric, None, Some(0.0));
    assert_eq!(zero.unwrap_err().1.code, "out_of_range");
    let boolean = Indicator::parse(IndicatorKind::Boolean, Some("hộ"), None);
    assert_eq!(boolean.unwrap_err().1.code, "not_for_boolean");
    assert_eq!(
        Indicator::parse(IndicatorKind::Boolean, None, None),
        Ok(Indicator::Boolean)
    );
}

#[test]
fn an_item_serves_at_most_one_part_of_the_resolution_and_only_one_it_has() {
    let (target, program) = (Uuid::now_v7(), Uuid::now_v7());
    let structure = Structure {
        objectives: vec![],
        targets: vec![Target {
            id: target,
            name: "Tỷ lệ hộ nghèo".to_owned(),
            unit: None,
            baseline: None,
            target_value: None,
            deadline: None,
        }],
        programs: vec![Item {
            id: program,
            title: "Chuyển đổi số".to_owned(),
            description: None,
        }],
        breakthroughs: vec![],
    };
    assert_eq!(Link::from_ids(None, None, None), Ok(None));
    let both = Link::from_ids(Some(target), Some(program), None);
    assert_eq!(both.unwrap_err().code, "one_link");
    let to_target = Link::from_ids(Some(target), None, None).unwrap().unwrap();
    assert!(to_target.is_in(&structure));
    // The program's id named as a target is not the resolution's target.
    let mislabelled = Link::from_ids(Some(program), None, None).unwrap().unwrap();
    assert!(!mislabelled.is_in(&structure));
    let foreign = Link::from_ids(None, None, Some(Uuid::now_v7()))
        .unwrap()
        .unwrap();
    assert!(!foreign.is_in(&structure));
}

#[test]
fn progress_is_the_latest_report_against_the_target_and_a_hundred_only_when_met() {
    let numeric = Indicator::Numeric {
        unit: Some("hộ".to_owned()),
        target_value: 3.0,
    };
    assert_eq!(item_progress(&numeric, &[]).percent, 0.0);
    let reports = [
        report(Some(2.0), None, day(6, 1)),
        report(Some(1.0), None, day(3, 1)),
    ];
    let two_of_three = item_progress(&numeric, &reports);
    assert_eq!((two_of_three.percent, two_of_three.met), (66.6, false));
    // A same-day correction, sent later, wins.
    let corrected = [
        report(Some(2.0), None, day(6, 1)),
        report(Some(2.999), None, day(6, 1)),
    ];
    assert_eq!(item_progress(&numeric, &corrected).percent, 99.9);
    let beyond = [report(Some(5.0), None, day(9, 1))];
    let met = item_progress(&numeric, &beyond);
    assert_eq!((met.percent, met.met), (100.0, true));
    let boolean = Indicator::Boolean;
    let undone = [
        report(None, Some(true), day(3, 1)),
        report(None, Some(false), day(4, 1)),
    ];
    assert!(!item_progress(&boolean, &undone).met);
    assert!(item_progress(&boolean, &undone).overdue(day(3, 31), day(4, 2)));
    assert!(!item_progress(&boolean, &undone).overdue(day(4, 2), day(4, 2)));
}

#[test]
fn a_report_fits_its_indicator() {
    let numeric = Indicator::Numeric {
        unit: None,
        target_value: 10.0,
    };
    assert!(progress::fits(&numeric, Some(3.0), None).is_ok());
    assert_eq!(
        progress::fits(&numeric, None, Some(true)).unwrap_err().0,
        "done"
    );
    assert_eq!(progress::fits(&numeric, None, None).unwrap_err().0, "value");
    assert_eq!(
        progress::fits(&numeric, Some(-1.0), None).unwrap_err().0,
        "value"
    );
    assert!(progress::fits(&Indicator::Boolean, None, Some(false)).is_ok());
    assert_eq!(
        progress::fits(&Indicator::Boolean, Some(1.0), Some(true))
            .unwrap_err()
            .0,
        "value"
    );
}

#[test]
fn a_plan_is_submitted_with_items_and_reviewed_once_submitted() {
    assert_eq!(submit(PlanStatus::Draft, 0), Err(PlanRefusal::Empty));
    assert_eq!(submit(PlanStatus::Draft, 2), Ok(PlanStatus::Submitted));
    assert_eq!(
        submit(PlanStatus::Approved, 2),
        Err(PlanRefusal::Locked(PlanStatus::Approved))
    );
    assert_eq!(
        review(PlanStatus::Submitted, PlanDecision::Return, false),
        Err(PlanRefusal::CommentRequired)
    );
    assert_eq!(
        review(PlanStatus::Submitted, PlanDecision::Return, true),
        Ok(PlanStatus::Returned)
    );
    assert_eq!(submit(PlanStatus::Returned, 1), Ok(PlanStatus::Submitted));
    assert_eq!(
        review(PlanStatus::Draft, PlanDecision::Approve, false),
        Err(PlanRefusal::NotSubmitted(PlanStatus::Draft))
    );
    assert!(editable(PlanStatus::Returned).is_ok());
    assert!(editable(PlanStatus::Submitted).is_err());
}
