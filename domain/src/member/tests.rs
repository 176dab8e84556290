//! A member's values and dates, case by case.

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn card_numbers_are_normalised_and_bounded() {
    assert_eq!(
        CardNumber::parse(" 79.012345 ").unwrap().as_str(),
        "79.012345"
    );
    assert_eq!(CardNumber::parse("ab123456").unwrap().as_str(), "AB123456");
    assert_eq!(CardNumber::parse("").unwrap_err().code, "required");
    assert_eq!(
        CardNumber::parse("12345").unwrap_err().code,
        "invalid_format"
    );
    assert_eq!(
        CardNumber::parse("ABCDEFGH").unwrap_err().code,
        "invalid_format"
    );
    assert_eq!(
        CardNumber::parse("12 34 56 78").unwrap_err().code,
        "invalid_format"
    );
}

#[test]
fn names_keep_vietnamese_letters_and_collapse_spaces() {
    assert_eq!(
        PersonName::parse(" Nguyễn  Thị   Lan ").unwrap().as_str(),
        "Nguyễn Thị Lan"
    );
    assert_eq!(
        PersonName::parse("Lê Văn 3").unwrap_err().code,
        "invalid_characters"
    );
    assert_eq!(PersonName::parse("").unwrap_err().code, "required");
    for refused in ["Lê@Văn", "李小龍", "- . ’", "Lê_Văn"] {
        assert_eq!(
            PersonName::parse(refused).unwrap_err().code,
            "invalid_characters",
            "{refused}"
        );
    }
}

#[test]
fn every_apostrophe_is_accepted_and_stored_as_one() {
    for typed in [
        "Ksor H’Bơ Khăp",
        "Ksor H'Bơ Khăp",
        "Ksor HʼBơ Khăp",
        "Ksor H‘Bơ Khăp",
    ] {
        assert_eq!(
            PersonName::parse(typed).unwrap().as_str(),
            "Ksor H\u{2019}Bơ Khăp",
            "{typed}"
        );
    }
    assert_eq!(
        PersonName::parse("Rơ Mah H’Linh-Đa").unwrap().as_str(),
        "Rơ Mah H’Linh-Đa"
    );
}

#[test]
fn a_decomposed_name_is_stored_precomposed() {
    let nfd = "Nguye\u{0302}\u{0303}n Thi\u{0323} Lan";
    assert_eq!(PersonName::parse(nfd).unwrap().as_str(), "Nguyễn Thị Lan");
}

#[test]
fn phones_are_stored_in_national_form() {
    for raw in [
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "84912345678",
    ] {
        assert_eq!(Phone::parse(raw).unwrap().as_str(), "0912345678", "{raw}");
    }
    for raw in ["091234567", "00912345678", "09123456789", "09a2345678"] {
        assert_eq!(
            Phone::parse(raw).unwrap_err().code,
            "invalid_format",
            "{raw}"
        );
    }
}

#[test]
fn citizen_ids_have_twelve_digits() {
    assert!(CitizenId::parse("046090001234").is_ok());
    assert!(CitizenId::parse("04609000123").is_err());
    assert!(CitizenId::parse("04609000123X").is_err());
}

#[test]
fn statuses_parse_from_their_names() {
    assert_eq!(
        PartyStatus::parse("probationary").unwrap(),
        PartyStatus::Probationary
    );
    assert_eq!(
        ActivityStatus::parse("exempt").unwrap(),
        ActivityStatus::Exempt
    );
    assert!(ActivityStatus::parse("retired").is_err());
    assert!(ActivityStatus::Exempt.may_log_in());
    assert!(!ActivityStatus::Removed.may_log_in());
    assert!(!ActivityStatus::Suspended.may_log_in());
}

#[test]
fn dates_follow_the_charter() {
    let today = date(2026, 11, 25);
    assert!(
        check_dates(
            Some(date(1980, 5, 1)),
            Some(date(2005, 1, 1)),
            Some(date(2006, 1, 1)),
            today
        )
        .is_empty()
    );
    let too_young = check_dates(Some(date(2000, 6, 1)), Some(date(2018, 5, 31)), None, today);
    assert_eq!(too_young[0].0, "joined_on");
    assert_eq!(too_young[0].1.code, "too_young");
    assert!(check_dates(Some(date(2000, 6, 1)), Some(date(2018, 6, 1)), None, today).is_empty());
    let leap = check_dates(
        Some(date(2000, 2, 29)),
        Some(date(2018, 2, 28)),
        None,
        today,
    );
    assert!(leap.is_empty(), "{leap:?}");
    let reversed = check_dates(None, Some(date(2010, 1, 1)), Some(date(2009, 1, 1)), today);
    assert_eq!(reversed[0].1.code, "before_joining");
    let future = check_dates(Some(date(2030, 1, 1)), None, None, today);
    assert_eq!(future[0].1.code, "in_future");
    let ancient = check_dates(None, Some(date(-5000, 1, 1)), None, today);
    assert_eq!(ancient[0].1.code, "out_of_range");
}

mod standing {
    use crate::ids::OrgId;
    use crate::member::ActivityStatus::{self, *};
    use crate::member::standing::{Standing, StandingChange};

    fn standing(attached: Option<OrgId>, status: ActivityStatus) -> Standing {
        Standing::new(OrgId::new(), attached, status).unwrap()
    }

    #[test]
    fn asking_for_the_present_cells_and_status_changes_nothing() {
        let now = standing(Some(OrgId::new()), Active);
        let asked = StandingChange {
            home: Some(now.home),
            attached: Some(now.attached),
            status: Some(Active),
        };
        assert!(now.change(&asked).unwrap().is_empty());
    }

    #[test]
    fn a_move_names_only_the_new_home() {
        let now = standing(None, Active);
        let elsewhere = OrgId::new();
        let done = now
            .change(&StandingChange {
                home: Some(elsewhere),
                ..StandingChange::default()
            })
            .unwrap();
        assert_eq!(done.moved_to, Some(elsewhere));
        assert_eq!(done.attached_to, None);
        assert!(!done.ends_sessions);
    }

    #[test]
    fn ending_an_attachment_is_a_change_and_ending_none_is_not() {
        let attached = standing(Some(OrgId::new()), Active);
        let end = StandingChange {
            attached: Some(None),
            ..StandingChange::default()
        };
        assert_eq!(attached.change(&end).unwrap().attached_to, Some(None));
        assert!(standing(None, Active).change(&end).unwrap().is_empty());
    }

    #[test]
    fn nobody_is_attached_to_their_own_home_cell() {
        let home = OrgId::new();
        let refused = Standing::new(home, Some(home), Active).unwrap_err();
        assert_eq!(refused.0, "attached_org_id");
        assert_eq!(refused.1.code, "attached_to_home");

        let now = standing(None, Active);
        let refused = now
            .change(&StandingChange {
                attached: Some(Some(now.home)),
                ..StandingChange::default()
            })
            .unwrap_err();
        assert_eq!(refused.0, "attached_org_id");
    }

    #[test]
    fn moving_into_the_host_cell_needs_the_attachment_ended_in_the_same_change() {
        let host = OrgId::new();
        let now = standing(Some(host), Active);
        let alone = StandingChange {
            home: Some(host),
            ..StandingChange::default()
        };
        assert_eq!(now.change(&alone).unwrap_err().0, "org_id");
        let with_end = StandingChange {
            home: Some(host),
            attached: Some(None),
            status: None,
        };
        let done = now.change(&with_end).unwrap();
        assert_eq!(done.moved_to, Some(host));
        assert_eq!(done.attached_to, Some(None));
    }

    #[test]
    fn moving_to_a_status_that_may_not_log_in_ends_sessions() {
        for (from, to, ends) in [
            (Active, Suspended, true),
            (Active, Removed, true),
            (Exempt, Active, false),
            (Active, Exempt, false),
            (Suspended, Removed, true),
            (Suspended, Suspended, false),
            (Suspended, Active, false),
        ] {
            let done = standing(None, from)
                .change(&StandingChange {
                    status: Some(to),
                    ..StandingChange::default()
                })
                .unwrap();
            assert_eq!(done.ends_sessions, ends, "{from:?} → {to:?}");
            assert_eq!(done.status, (from != to).then_some(to), "{from:?} → {to:?}");
        }
    }
}

mod positions {
    use super::date;
    use crate::member::positions::*;

    #[test]
    fn a_term_is_held_from_its_first_day_to_its_last() {
        let term = Term::new(date(2025, 10, 1), Some(date(2030, 9, 30))).unwrap();
        assert!(!term.held_on(date(2025, 9, 30)));
        assert!(term.held_on(date(2025, 10, 1)));
        assert!(term.held_on(date(2030, 9, 30)));
        assert!(!term.held_on(date(2030, 10, 1)));
        assert!(
            Term::new(date(2025, 10, 1), None)
                .unwrap()
                .held_on(date(2099, 1, 1))
        );
    }

    #[test]
    fn a_term_that_begins_later_is_open_but_not_held() {
        let later = Term::new(date(2026, 1, 1), None).unwrap();
        let today = date(2025, 12, 1);
        assert!(later.is_open_on(today));
        assert!(!later.held_on(today));
    }

    #[test]
    fn a_term_ends_on_the_day_it_is_ended_unless_it_ends_sooner() {
        let today = date(2025, 12, 1);
        let open = Term::new(date(2025, 1, 1), None).unwrap();
        let ended = open.ended_on(today).unwrap();
        assert_eq!(ended.until(), Some(today));
        assert!(ended.held_on(today));
        assert!(!ended.held_on(date(2025, 12, 2)));
        assert_eq!(ended.ended_on(today), None, "ending twice changes nothing");
        let sooner = Term::new(date(2025, 1, 1), Some(date(2025, 6, 30))).unwrap();
        assert_eq!(sooner.ended_on(today), None);
    }

    #[test]
    fn a_term_is_refused_if_it_ends_before_it_begins_or_has_an_absurd_year() {
        let refused = Term::new(date(2025, 10, 1), Some(date(2025, 9, 30))).unwrap_err();
        assert_eq!((refused.0, refused.1.code), ("until", "before_start"));
        assert_eq!(Term::new(date(1850, 1, 1), None).unwrap_err().0, "from");
        let refused = Term::new(date(2025, 1, 1), Some(date(2200, 1, 1))).unwrap_err();
        assert_eq!((refused.0, refused.1.code), ("until", "out_of_range"));
    }

    #[test]
    fn the_cap_counts_terms_not_yet_ended_including_those_that_begin_later() {
        let today = date(2025, 12, 1);
        let mut recorded = vec![Term::new(date(2026, 1, 1), None).unwrap(); MAX_POSITIONS_HELD - 1];
        assert!(check_room_for_another(&recorded, today).is_ok());
        recorded.push(Term::new(date(2026, 6, 1), None).unwrap());
        assert_eq!(
            check_room_for_another(&recorded, today).unwrap_err().code,
            "too_many_positions"
        );
        let ended = Term::new(date(2020, 1, 1), Some(date(2025, 11, 30))).unwrap();
        let history = vec![ended; MAX_POSITIONS_RECORDED - 1];
        assert!(check_room_for_another(&history, today).is_ok());
        let full = vec![ended; MAX_POSITIONS_RECORDED];
        assert!(check_room_for_another(&full, today).is_err());
    }
}
