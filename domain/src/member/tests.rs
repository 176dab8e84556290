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
