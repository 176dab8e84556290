//! The story's sessions (shared/seed): on the morning of 9 September 2025 the central area's
//! ten cells (121 members) study the congress resolution together; that afternoon the next two
//! areas, and on 10 September the last area with the agencies' cells. Most members scan the QR
//! code on the screen, a few with no signal sync later (one with its clock wrong), a few with
//! no phone are marked on the roll; some send apologies, a few simply do not come. Closing
//! records the absences, and a make-up session (học bù) of the central area's sitting is
//! scheduled: it expects only those who missed it.
//!
//! Everything goes through the same use cases as the API, as of the story's time.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use sotay_domain::ids::{DocumentId, MemberId, OrgId, SessionId};
use sotay_domain::session::{
    AttendanceStatus, CheckInSecret, LateAfter, Reason, RsvpResponse, Schedule, SessionKind,
    SessionMode, SessionState,
};
use sotay_persistence::DbConnection;
use sotay_persistence::members;
use sotay_persistence::sessions as stored_sessions;

use crate::app::sessions::answers::{self, Answer};
use crate::app::sessions::check_ins::{self, CheckIn, Presented};
use crate::app::sessions::planning::{self, Changes, Plan};
use crate::app::sessions::{attendee_of, roll};
use crate::app::{Credentials, Signed, load_caller};
use crate::error::ApiError;

pub(super) const REQUEST_ID: &str = "demo";
const TITLE: &str =
    "Hội nghị học tập, quán triệt Nghị quyết Đại hội Đảng bộ phường lần thứ I, nhiệm kỳ 2025–2030";
const HALL: &str = "Hội trường Đảng ủy phường Hương An";

/// One sitting of the conference: the cells (by code prefix) and its local start and end.
struct Sitting {
    area: &'static str,
    cells: &'static [&'static str],
    day: u32,
    /// Local time (UTC+7), hours and minutes.
    from: (u32, u32),
    until: (u32, u32),
}

const SITTINGS: [Sitting; 3] = [
    Sitting {
        area: "Khu vực 1",
        cells: &["HA-KV1-"],
        day: 9,
        from: (7, 30),
        until: (11, 0),
    },
    Sitting {
        area: "Khu vực 2 và 3",
        cells: &["HA-KV2-", "HA-KV3-"],
        day: 9,
        from: (14, 0),
        until: (17, 0),
    },
    Sitting {
        area: "Khu vực 4 và các chi bộ cơ quan, trường học",
        cells: &["HA-KV4-", "HA-CQ-", "HA-TH-", "HA-THCS-", "HA-MN-", "HA-CA"],
        day: 10,
        from: (7, 30),
        until: (11, 0),
    },
];

/// 9 or 10 September 2025 at a local (UTC+7) time, in UTC.
fn local(day: u32, (hour, minute): (u32, u32)) -> Result<NaiveDateTime, ApiError> {
    NaiveDate::from_ymd_opt(2025, 9, day)
        .and_then(|date| date.and_hms_opt(hour, minute, 0))
        .map(|at| at - TimeDelta::hours(7))
        .ok_or_else(|| ApiError::internal("a demo date does not exist"))
}

/// Loads the sessions; `cells` are the ward's cells by code, `resolution` the document studied.
pub fn load(
    connection: &mut DbConnection,
    ward: OrgId,
    secretary: MemberId,
    cells: &[(String, OrgId)],
    resolution: DocumentId,
) -> Result<Vec<SessionId>, ApiError> {
    let secretary = signed(connection, secretary)?;
    let mut absent_cells = BTreeSet::new();
    let mut studied = Vec::new();
    for sitting in &SITTINGS {
        let invited: Vec<String> = cells
            .iter()
            .filter(|(code, _)| sitting.cells.iter().any(|prefix| code.starts_with(prefix)))
            .map(|(_, id)| id.to_string())
            .collect();
        let plan = Plan {
            kind: SessionKind::StudyConference,
            title: format!("{TITLE} — {}", sitting.area),
            host_org_id: ward.to_string(),
            invited_org_ids: invited,
            schedule: schedule(
                local(sitting.day, sitting.from)?,
                local(sitting.day, sitting.until)?,
            )?,
            location: Some(HALL.to_owned()),
            mode: SessionMode::InPerson,
            online_url: None,
            document_ids: vec![resolution.to_string()],
            makeup_of: None,
            chair_id: Some(secretary.member.id.to_string()),
            minute_taker_id: None,
            late_after: LateAfter::default(),
        };
        let view = planning::create(
            connection,
            &secretary,
            plan,
            crate::auth::check_in_secret()?,
            REQUEST_ID,
        )?;
        let id = view.visible.stored.row.id;
        studied.push(id);
        move_to(connection, &secretary, id, SessionState::Published)?;
        let starts_at = view.visible.session.schedule.starts_at();
        let invited: Vec<_> = view
            .visible
            .stored
            .invited
            .iter()
            .map(|o| o.path.clone())
            .collect();
        let expected: Vec<_> = stored_sessions::placed_in_any(connection, &invited)?
            .into_iter()
            .filter(|member| view.visible.session.expects(attendee_of(member)))
            .collect();
        // Apologies come the day before.
        for (index, member) in expected.iter().enumerate() {
            if index % 20 == 7 {
                let signed = signed(connection, member.id)?;
                let answer = Answer {
                    response: RsvpResponse::Apology,
                    reason: Some(reason(if index % 40 == 7 {
                        "Ốm, đang điều trị"
                    } else {
                        "Đi công tác tỉnh"
                    })?),
                };
                let day_before = starts_at - TimeDelta::days(1);
                answers::answer_at(
                    connection,
                    &signed,
                    &id.to_string(),
                    answer,
                    REQUEST_ID,
                    day_before,
                )?;
            }
        }
        move_to(connection, &secretary, id, SessionState::Open)?;
        let secret = CheckInSecret::from_text(&view.visible.stored.row.check_in_secret)
            .ok_or_else(|| ApiError::internal("a demo secret does not read"))?;
        for (index, member) in expected.iter().enumerate() {
            // Arrivals from ten minutes before the start, a few seconds apart.
            let seconds = i64::try_from(index).unwrap_or(0) * 7;
            let at = starts_at - TimeDelta::minutes(10) + TimeDelta::seconds(seconds);
            let token = secret.code_at(id, at).qr_token;
            let client_id = format!("demo-{}", member.id);
            let presented = match index % 20 {
                // Apologised, or simply did not come.
                7 | 13 => continue,
                // No signal in the hall: scanned offline and synced that evening; one phone's
                // clock is a year behind.
                5 | 15 => Presented::OfflineQrToken {
                    token,
                    scanned_at: Some(if index % 40 == 5 {
                        at - TimeDelta::days(365)
                    } else {
                        at
                    }),
                },
                // No phone: the secretary marks them on the roll.
                3 => {
                    roll::mark(
                        connection,
                        &secretary,
                        &id.to_string(),
                        &member.id.to_string(),
                        AttendanceStatus::Present,
                        None,
                        REQUEST_ID,
                    )?;
                    continue;
                }
                _ => Presented::QrToken(token),
            };
            let signed = signed(connection, member.id)?;
            let check_in = CheckIn {
                session: id.to_string(),
                presented,
                client_id,
            };
            check_ins::check_in_at(connection, &signed, &check_in, REQUEST_ID, Some(at))?;
        }
        move_to(connection, &secretary, id, SessionState::Closed)?;
        if studied.len() > 1 {
            continue;
        }
        for member in &expected {
            let entry = stored_sessions::entry(connection, id, member.id)?;
            if entry.is_some_and(|entry| !entry.status.attended()) {
                absent_cells.insert(member.org_id.to_string());
            }
        }
    }
    let makeup = schedule_makeup(
        connection,
        &secretary,
        ward,
        absent_cells,
        &studied,
        resolution,
    )?;
    studied.extend(makeup);
    Ok(studied)
}

/// Học bù: a week later, in the evening, for the central area's members who missed its sitting.
fn schedule_makeup(
    connection: &mut DbConnection,
    secretary: &Signed,
    ward: OrgId,
    absent_cells: BTreeSet<String>,
    studied: &[SessionId],
    resolution: DocumentId,
) -> Result<Option<SessionId>, ApiError> {
    let Some(first) = studied.first() else {
        return Ok(None);
    };
    let plan = Plan {
        kind: SessionKind::Makeup,
        title: format!("Học bù: {TITLE}"),
        host_org_id: ward.to_string(),
        invited_org_ids: absent_cells.into_iter().collect(),
        schedule: schedule(local(16, (19, 30))?, local(16, (21, 30))?)?,
        location: Some(HALL.to_owned()),
        mode: SessionMode::Hybrid,
        online_url: Some(
            sotay_domain::session::OnlineUrl::parse(
                "https://meet.huongan.example/hoc-bu-nghi-quyet",
            )
            .map_err(ApiError::internal_invalid)?,
        ),
        document_ids: vec![resolution.to_string()],
        makeup_of: Some(first.to_string()),
        chair_id: Some(secretary.member.id.to_string()),
        minute_taker_id: None,
        late_after: LateAfter::default(),
    };
    let view = planning::create(
        connection,
        secretary,
        plan,
        crate::auth::check_in_secret()?,
        REQUEST_ID,
    )?;
    let id = view.visible.stored.row.id;
    move_to(connection, secretary, id, SessionState::Published)?;
    Ok(Some(id))
}

fn move_to(
    connection: &mut DbConnection,
    secretary: &Signed,
    id: SessionId,
    state: SessionState,
) -> Result<(), ApiError> {
    let changes = Changes {
        state: Some(state),
        ..Changes::default()
    };
    planning::update(connection, secretary, &id.to_string(), changes, REQUEST_ID)?;
    Ok(())
}

/// The member as a request of theirs would be signed.
pub(super) fn signed(
    connection: &mut DbConnection,
    member_id: MemberId,
) -> Result<Signed, ApiError> {
    let member = members::find(connection, member_id)?
        .ok_or_else(|| ApiError::internal("a demo member is missing"))?;
    let credentials = Credentials {
        member_id,
        session_epoch: member.session_epoch,
        temporary_password_allowed: true,
        session_family: None,
    };
    load_caller(connection, &credentials)
}

fn schedule(starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> Result<Schedule, ApiError> {
    Schedule::new(starts_at, ends_at).map_err(|(_, invalid)| ApiError::internal_invalid(invalid))
}

fn reason(text: &str) -> Result<Reason, ApiError> {
    Reason::parse(text).map_err(ApiError::internal_invalid)
}
