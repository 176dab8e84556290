use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::*;
use crate::ids::{MemberId, OrgId, SessionId};

fn at(hour: u32, minute: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 9, 9)
        .and_then(|day| day.and_hms_opt(hour, minute, 0))
        .unwrap()
}

fn conference(state: SessionState) -> (Session, OrgPath, OrgPath) {
    let ward = OrgPath::root(OrgId::new());
    let cell = ward.child(OrgId::new());
    let session = Session {
        state,
        host: ward.clone(),
        invited: vec![cell.clone()],
        schedule: Schedule::new(at(7, 30), at(11, 0)).unwrap(),
        late_after: LateAfter::default(),
        attended_original: Vec::new(),
    };
    (session, ward, cell)
}

fn secret(byte: u8) -> CheckInSecret {
    CheckInSecret::from_bytes([byte; 32])
}

#[test]
fn a_schedule_ends_after_it_starts_and_within_twelve_hours() {
    assert_eq!(Schedule::new(at(9, 0), at(9, 0)).unwrap_err().0, "ends_at");
    assert_eq!(
        Schedule::new(at(9, 0), at(8, 0)).unwrap_err().1.code,
        "before_start"
    );
    let long = Schedule::new(at(0, 0), at(0, 0) + TimeDelta::hours(13));
    assert_eq!(long.unwrap_err().1.code, "too_long");
    assert!(Schedule::new(at(7, 30), at(11, 0)).is_ok());
}

#[test]
fn short_sessions_and_late_materials_are_warned_not_refused() {
    let hour = Schedule::new(at(8, 0), at(9, 0)).unwrap();
    let warned = warnings(SessionKind::Regular, hour, &[]);
    assert_eq!(
        warned,
        vec![Warning::TooShort {
            minimum_minutes: 90
        }]
    );
    let hundred_minutes = Schedule::new(at(8, 0), at(9, 40)).unwrap();
    assert!(warnings(SessionKind::Regular, hundred_minutes, &[]).is_empty());
    assert_eq!(
        warnings(SessionKind::Combined, hundred_minutes, &[]),
        vec![Warning::TooShort {
            minimum_minutes: 120
        }]
    );
    let two_days_before = Some(at(8, 0) - TimeDelta::days(2));
    let same_morning = Some(at(6, 0));
    assert!(warnings(SessionKind::Regular, hundred_minutes, &[two_days_before]).is_empty());
    for late in [same_morning, None] {
        assert_eq!(
            warnings(
                SessionKind::Regular,
                hundred_minutes,
                &[two_days_before, late]
            ),
            vec![Warning::MaterialsLate]
        );
    }
}

#[test]
fn a_live_token_is_accepted_for_its_step_and_two_after_then_expires() {
    let (session_id, secret) = (SessionId::new(), secret(7));
    let shown = at(7, 31);
    let code = secret.code_at(session_id, shown);
    assert!(code.valid_until > shown);
    for seconds in [0, 30, 60] {
        let now = shown + TimeDelta::seconds(seconds);
        assert!(
            secret
                .verify_live_token(session_id, &code.qr_token, now)
                .is_ok(),
            "{seconds}"
        );
        assert!(
            secret
                .verify_text_code(session_id, &code.text_code, now)
                .is_ok(),
            "{seconds}"
        );
    }
    let later = shown + TimeDelta::seconds(100);
    assert_eq!(
        secret.verify_live_token(session_id, &code.qr_token, later),
        Err(TokenRefusal::Expired)
    );
    assert!(
        secret
            .verify_text_code(session_id, &code.text_code, later)
            .is_err()
    );
    // Read without a clock (offline), the token still says when it was shown.
    let proof = secret.read_token(session_id, &code.qr_token).unwrap();
    assert!(proof.shown_at <= shown && shown - proof.shown_at < TimeDelta::seconds(30));
}

#[test]
fn a_token_of_another_session_or_secret_or_tampered_is_invalid() {
    let (session_id, secret_a) = (SessionId::new(), secret(1));
    let code = secret_a.code_at(session_id, at(8, 0));
    assert_eq!(
        secret_a.read_token(SessionId::new(), &code.qr_token),
        Err(TokenRefusal::Invalid)
    );
    assert_eq!(
        secret(2).read_token(session_id, &code.qr_token),
        Err(TokenRefusal::Invalid)
    );
    let mut tampered = code.qr_token.clone().into_bytes();
    tampered[3] = if tampered[3] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert_eq!(
        secret_a.read_token(session_id, &tampered),
        Err(TokenRefusal::Invalid)
    );
    for junk in ["", "not a token", "AAAA", &"A".repeat(5000)] {
        assert_eq!(
            secret_a.read_token(session_id, junk),
            Err(TokenRefusal::Invalid)
        );
    }
    assert!(code.text_code.len() == 6 && code.text_code.bytes().all(|b| b.is_ascii_digit()));
}

#[test]
fn a_secret_reads_back_from_its_stored_text_only() {
    let stored = secret(9).to_text();
    let read = CheckInSecret::from_text(&stored).unwrap();
    let id = SessionId::new();
    assert_eq!(read.code_at(id, at(8, 0)), secret(9).code_at(id, at(8, 0)));
    assert!(CheckInSecret::from_text("short").is_none());
    assert_eq!(format!("{:?}", secret(9)), "CheckInSecret(..)");
}

#[test]
fn check_in_needs_an_open_session_and_a_code_shown_in_its_window() {
    let (published, ..) = conference(SessionState::Published);
    let proof = Proof {
        shown_at: at(7, 25),
    };
    assert_eq!(published.check_in(None, proof), Err(StateRefusal::NotOpen));
    let (open, ..) = conference(SessionState::Open);
    assert_eq!(
        open.check_in(None, proof),
        Ok(Some(AttendanceStatus::Present))
    );
    let late = Proof {
        shown_at: at(7, 46),
    };
    assert_eq!(open.check_in(None, late), Ok(Some(AttendanceStatus::Late)));
    let grace_end = Proof {
        shown_at: at(7, 45),
    };
    assert_eq!(
        open.check_in(None, grace_end),
        Ok(Some(AttendanceStatus::Present))
    );
    for outside in [at(6, 29), at(12, 1)] {
        let proof = Proof { shown_at: outside };
        assert_eq!(open.check_in(None, proof), Err(StateRefusal::OutsideWindow));
    }
    assert_eq!(open.check_in(Some(AttendanceStatus::Late), proof), Ok(None));
    assert_eq!(
        open.check_in(Some(AttendanceStatus::AbsentUnexcused), proof),
        Ok(Some(AttendanceStatus::Present))
    );
}

#[test]
fn the_roll_needs_a_reason_for_excused_absences_and_every_correction() {
    let (published, ..) = conference(SessionState::Published);
    let reason = || Some(Reason::parse("Ốm, có giấy").unwrap());
    assert_eq!(
        published.mark(None, AttendanceStatus::Present, None),
        Err(RollRefusal::State(StateRefusal::RollNotStarted))
    );
    let (open, ..) = conference(SessionState::Open);
    let first = open
        .mark(None, AttendanceStatus::Present, None)
        .unwrap()
        .unwrap();
    assert!(!first.correction);
    assert_eq!(
        open.mark(None, AttendanceStatus::AbsentExcused, None),
        Err(RollRefusal::ReasonRequired)
    );
    let present = Entry {
        status: AttendanceStatus::Present,
        reason: None,
    };
    assert_eq!(
        open.mark(Some(present), AttendanceStatus::Present, None),
        Ok(None)
    );
    assert_eq!(
        open.mark(Some(present), AttendanceStatus::Late, None),
        Err(RollRefusal::ReasonRequired)
    );
    let corrected = open
        .mark(Some(present), AttendanceStatus::Late, reason())
        .unwrap()
        .unwrap();
    assert!(corrected.correction);
    let (closed, ..) = conference(SessionState::Closed);
    assert!(
        closed
            .mark(Some(present), AttendanceStatus::AbsentExcused, reason())
            .is_ok()
    );
}

#[test]
fn members_of_invited_subtrees_are_expected_once_active_and_exempt_ones_are_not() {
    let (session, ward, cell) = conference(SessionState::Published);
    let other_cell = ward.child(OrgId::new());
    let group = cell.child(OrgId::new());
    let expected = |status, home: &OrgPath, attached: Option<&OrgPath>| {
        session.expects(Attendee {
            member_id: MemberId::new(),
            status,
            home,
            attached,
        })
    };
    assert!(expected(ActivityStatus::Active, &cell, None));
    assert!(expected(ActivityStatus::Active, &group, None));
    assert!(expected(ActivityStatus::Active, &other_cell, Some(&cell)));
    assert!(!expected(ActivityStatus::Active, &other_cell, None));
    assert!(!expected(ActivityStatus::Exempt, &cell, None));
    assert!(!expected(ActivityStatus::Suspended, &cell, None));
}

#[test]
fn states_move_forward_only_and_a_closed_session_is_not_edited() {
    let (draft, ..) = conference(SessionState::Draft);
    assert_eq!(
        draft.move_to(SessionState::Open),
        Ok(Some(SessionState::Open))
    );
    assert_eq!(draft.move_to(SessionState::Draft), Ok(None));
    let (closed, ..) = conference(SessionState::Closed);
    assert!(matches!(
        closed.move_to(SessionState::Open),
        Err(StateRefusal::Backwards { .. })
    ));
    assert_eq!(closed.editable(), Err(StateRefusal::Closed));
    let (open, ..) = conference(SessionState::Open);
    assert!(open.answerable(at(10, 59)).is_ok());
    assert_eq!(open.answerable(at(11, 0)), Err(StateRefusal::NotAnswerable));
    assert_eq!(draft.answerable(at(7, 0)), Err(StateRefusal::NotAnswerable));
}

#[test]
fn closing_marks_an_apology_excused_with_its_reason_and_silence_unexcused() {
    assert_eq!(
        Closing::absence(Some("Đi công tác")),
        (
            AttendanceStatus::AbsentExcused,
            Some("Đi công tác".to_owned())
        )
    );
    assert_eq!(
        Closing::absence(None),
        (AttendanceStatus::AbsentUnexcused, None)
    );
}

#[test]
fn an_offline_scan_counts_after_closing_when_shown_in_the_window() {
    let (closed, ..) = conference(SessionState::Closed);
    let during = Proof {
        shown_at: at(7, 50),
    };
    assert_eq!(
        closed.check_in_offline(Some(AttendanceStatus::AbsentUnexcused), during),
        Ok(Some(AttendanceStatus::Late))
    );
    assert_eq!(closed.check_in(None, during), Err(StateRefusal::NotOpen));
    let days_later = Proof {
        shown_at: at(7, 50) + TimeDelta::days(2),
    };
    assert_eq!(
        closed.check_in_offline(None, days_later),
        Err(StateRefusal::OutsideWindow)
    );
    let (published, ..) = conference(SessionState::Published);
    assert_eq!(
        published.check_in_offline(None, during),
        Err(StateRefusal::NotOpen)
    );
}

#[test]
fn the_host_runs_the_invited_see_and_drafts_stay_with_the_host() {
    use crate::access::{Caller, HeldRole};
    use crate::ids::MemberId;
    use crate::role::Role;
    let (published, ward, cell) = conference(SessionState::Published);
    let person = |home: &OrgPath, roles: Vec<HeldRole>| Caller {
        member_id: MemberId::new(),
        home: home.clone(),
        attached: None,
        roles,
    };
    let secretary = |at: &OrgPath| {
        vec![HeldRole {
            role: Role::Secretary,
            at: Some(at.clone()),
        }]
    };
    let other_cell = ward.child(OrgId::new());
    assert_eq!(
        published.access(&person(&cell, secretary(&ward))),
        SessionAccess::Run
    );
    assert_eq!(published.access(&person(&cell, vec![])), SessionAccess::See);
    assert_eq!(
        published.access(&person(&other_cell, secretary(&cell))),
        SessionAccess::See
    );
    assert_eq!(
        published.access(&person(&other_cell, vec![])),
        SessionAccess::None
    );
    let (draft, draft_ward, draft_cell) = conference(SessionState::Draft);
    assert_eq!(
        draft.access(&person(&draft_cell, vec![])),
        SessionAccess::None
    );
    assert_eq!(
        draft.access(&person(&draft_cell, secretary(&draft_ward))),
        SessionAccess::Run
    );
}

#[test]
fn a_makeup_session_expects_only_those_who_missed_the_original() {
    let (mut makeup, _, cell) = conference(SessionState::Published);
    let (came, missed) = (MemberId::new(), MemberId::new());
    makeup.attended_original = vec![came];
    let attendee = |member_id| Attendee {
        member_id,
        status: ActivityStatus::Active,
        home: &cell,
        attached: None,
    };
    assert!(!makeup.expects(attendee(came)));
    assert!(makeup.expects(attendee(missed)));
}

#[test]
fn only_an_announced_session_that_has_not_opened_is_cancelled() {
    let (mut session, _, _) = conference(SessionState::Draft);
    for (from, allowed) in [
        (SessionState::Draft, false),
        (SessionState::Published, true),
        (SessionState::Open, false),
        (SessionState::Closed, false),
    ] {
        session.state = from;
        let moved = session.move_to(SessionState::Cancelled);
        if allowed {
            assert_eq!(moved, Ok(Some(SessionState::Cancelled)));
        } else {
            assert_eq!(moved, Err(StateRefusal::Cancelled), "{from:?}");
        }
    }
    session.state = SessionState::Cancelled;
    assert_eq!(session.move_to(SessionState::Cancelled), Ok(None));
    assert_eq!(
        session.move_to(SessionState::Open),
        Err(StateRefusal::Cancelled)
    );
    assert_eq!(session.editable(), Err(StateRefusal::Cancelled));
    assert_eq!(session.roll_open(), Err(StateRefusal::Cancelled));
}
