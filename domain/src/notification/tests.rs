use chrono::{NaiveDate, NaiveDateTime};

use super::*;

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn a_session_is_reminded_a_day_before_then_an_hour_before_and_not_once_started() {
    let leads = SessionLeads::default();
    let starts = at("2026-12-10 01:00");
    assert_eq!(leads.due(starts, at("2026-12-08 23:00")), None);
    assert_eq!(
        leads.due(starts, at("2026-12-09 01:00")).map(Lead::minutes),
        Some(1440)
    );
    assert_eq!(
        leads.due(starts, at("2026-12-10 00:00")).map(Lead::minutes),
        Some(60)
    );
    assert_eq!(leads.due(starts, at("2026-12-10 01:00")), None);
}

#[test]
fn reminder_leads_parse_sorted_and_refuse_nonsense() {
    let leads = SessionLeads::parse(" 60, 1440 ,60").unwrap();
    assert_eq!(
        leads
            .leads()
            .iter()
            .map(|lead| lead.minutes())
            .collect::<Vec<_>>(),
        vec![1440, 60]
    );
    assert_eq!(leads.horizon(), chrono::Duration::minutes(1440));
    for bad in ["", "0", "4", "20000", "a", "1,2,3,4,5", "60,,30", "-60"] {
        assert!(SessionLeads::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_document_is_reminded_from_n_days_before_its_due_date_to_the_day() {
    let due = DocumentDue { days_before: 3 };
    let due_on = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    assert!(!due.due(due_on, day(6)));
    assert!(due.due(due_on, day(7)));
    assert!(due.due(due_on, day(10)));
    assert!(!due.due(due_on, day(11)));
    assert_eq!(due.last_due_on(day(7)), due_on);
}

#[test]
fn the_meeting_check_uses_the_month_in_vietnam() {
    let check = MeetingCheck { from_day: 20 };
    // 18:00 UTC on 30 November is 01:00 on 1 December in Hà Nội.
    assert_eq!(
        check.due(at("2026-11-30 18:00")),
        None,
        "1 December locally: too early"
    );
    assert_eq!(
        check.due(at("2026-11-30 16:00")),
        Some(YearMonth {
            year: 2026,
            month: 11
        })
    );
    let (first, next) = YearMonth {
        year: 2026,
        month: 12,
    }
    .bounds();
    assert_eq!(first, at("2026-11-30 17:00"));
    assert_eq!(next, at("2026-12-31 17:00"));
    assert_eq!(
        YearMonth {
            year: 2026,
            month: 12
        }
        .to_string(),
        "2026-12"
    );
}

#[test]
fn device_tokens_are_printable_ascii_of_bounded_length_and_never_printed() {
    assert!(DeviceToken::parse("fcm:APA91bH-x_y.z").is_ok());
    assert!(DeviceToken::parse("").is_err());
    assert!(DeviceToken::parse("has space").is_err());
    assert!(DeviceToken::parse("dấu").is_err());
    assert!(DeviceToken::parse(&"a".repeat(1025)).is_err());
    assert!(DeviceToken::parse(&"a".repeat(1024)).is_ok());
    let token = DeviceToken::parse("secret-token").unwrap();
    assert!(!format!("{token:?}").contains("secret"));
    assert_eq!(Platform::parse("ios").unwrap(), Platform::Ios);
    assert!(Platform::parse("symbian").is_err());
}

#[test]
fn a_notice_has_a_topic_of_its_own_unless_told_and_a_bounded_subject() {
    let first = Notice::new(NotificationKind::SessionMoved, "s1", "Họp");
    let second = Notice::new(NotificationKind::SessionMoved, "s1", "Họp");
    assert_ne!(first.topic, second.topic);
    let version = document_version_topic("d1", 2);
    let told = Notice::new(NotificationKind::DocumentPublished, "d1", &"x".repeat(400))
        .topic(version.clone());
    assert_eq!(told.topic, version);
    assert_eq!(told.subject.chars().count(), MAX_SUBJECT_CHARS);
    assert_eq!(
        NotificationKind::ReflectionReturned.object_type(),
        ObjectType::Campaign
    );
}

#[test]
fn today_and_a_due_day_are_days_in_vietnam() {
    // 20:00 UTC on 9 December is 03:00 on 10 December in Hà Nội.
    assert_eq!(
        local_date(at("2026-12-09 20:00")),
        NaiveDate::from_ymd_opt(2026, 12, 10).unwrap()
    );
    let due = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
    assert_eq!(end_of_local_day(due), at("2026-12-10 17:00"));
}
