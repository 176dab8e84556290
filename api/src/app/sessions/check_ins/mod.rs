//! Check-in: the rotating code managers show, and members checking in with it, online now or
//! offline and synced later. A check-in is safe to resend: its receipt, under the phone's own
//! id for it (`client_id`), gives the first answer again, and the roll holds one entry per
//! member however many arrive at once.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sotay_domain::session::{AttendanceStatus, CheckInCode, CheckInMethod, StateRefusal};
use sotay_persistence::members::MemberRow;
use sotay_persistence::sessions::{self, AttendanceRow, ReceiptRow};
use sotay_persistence::{DbConnection, clock};

use super::{Visible, attendee, refused, run_session, visible_session};
use crate::app::Signed;
use crate::error::ApiError;

mod proof;
mod record;

pub use proof::MAX_CLIENT_ID_LEN;
pub(crate) use proof::{check_client_id, client_id_reused, digest_of, replayed};
use proof::{secret_of, verify};
use record::record;
pub(crate) use record::{Scan, answer_of, checked_in};

/// What a member shows to check in.
#[derive(Debug, Clone)]
pub enum Presented {
    /// The QR token, scanned online now.
    QrToken(String),
    /// The six-digit code, typed online now.
    TextCode(String),
    /// The QR token, scanned offline and synced later. The phone's clock at the scan is kept
    /// for the record, never trusted: the token says when.
    OfflineQrToken {
        token: String,
        scanned_at: Option<NaiveDateTime>,
    },
}

/// A check-in as a member sends it.
#[derive(Debug, Clone)]
pub struct CheckIn {
    pub session: String,
    pub presented: Presented,
    /// The phone's own id for this check-in (1 to 64 of `A-Z a-z 0-9 . _ : -`).
    pub client_id: String,
}

/// The answer to a check-in, as its receipt keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInAnswer {
    pub session_id: String,
    pub member_id: String,
    pub status: String,
    pub method: String,
    pub checked_in_at: Option<NaiveDateTime>,
    /// `false` when the member was already recorded as there: nothing changed.
    pub recorded: bool,
}

/// The code to show now, for a session the caller runs that is open for check-in.
pub fn current_code(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
) -> Result<CheckInCode, ApiError> {
    let visible = run_session(connection, &signed.caller, id)?;
    visible.session.accepts_check_ins().map_err(refused)?;
    let now = clock::now();
    if !visible.session.in_check_in_window(now) {
        return Err(refused(StateRefusal::OutsideWindow));
    }
    Ok(secret_of(&visible)?.code_at(visible.stored.row.id, now))
}

/// Checks the caller in: 404 for a session they may not see, 409 when they are not expected
/// or the session is not open, 422 for a code that is not this session's now. A resent
/// check-in answers as the first did; the same `client_id` for another check-in is 422.
pub fn check_in(
    connection: &mut DbConnection,
    signed: &Signed,
    check_in: &CheckIn,
    request_id: &str,
) -> Result<CheckInAnswer, ApiError> {
    check_in_at(connection, signed, check_in, request_id, None)
}

/// [`check_in`] as of `at` (the clock when `None`): the demo loader records the story's
/// check-ins at their time.
pub fn check_in_at(
    connection: &mut DbConnection,
    signed: &Signed,
    check_in: &CheckIn,
    request_id: &str,
    at: Option<NaiveDateTime>,
) -> Result<CheckInAnswer, ApiError> {
    check_client_id(&check_in.client_id)?;
    connection.write_transaction(|connection| {
        // Read once the transaction holds its lock (SQLite): an entry stamped before a wait for
        // the lock would be older than what a phone's sync has already read past.
        let now = at.unwrap_or_else(clock::now);
        let visible = visible_session(connection, &signed.caller, &check_in.session);
        answer_or_replay(
            connection,
            signed,
            visible.as_ref(),
            check_in,
            request_id,
            now,
        )
    })
}

/// Checks in with `visible` (the session as loaded for this caller, or why not), inside the
/// caller's transaction. A resend of a check-in already answered gets that answer, whatever
/// changed since (the code expired, the session closed): the receipt is looked up only when
/// this one is refused, so that a first check-in costs no extra statement.
fn answer_or_replay(
    connection: &mut DbConnection,
    signed: &Signed,
    visible: Result<&Visible, &ApiError>,
    check_in: &CheckIn,
    request_id: &str,
    now: NaiveDateTime,
) -> Result<CheckInAnswer, ApiError> {
    let digest = digest_of(check_in);
    let attempted = match visible {
        Ok(visible) => attempt(
            connection, signed, visible, check_in, &digest, request_id, now,
        ),
        Err(error) => Err(error.clone()),
    };
    match attempted {
        Err(refusal) if refusal.status() < 500 => {
            match sessions::receipt(connection, signed.member.id, &check_in.client_id)? {
                Some(receipt) => replayed(&receipt, &digest),
                None => Err(refusal),
            }
        }
        answered => answered,
    }
}

/// What a check-in proves and writes, decided before anything is written.
pub(crate) struct Decision {
    pub scan: Scan,
    /// The status to write; `None` when the member is already recorded as there.
    pub decided: Option<AttendanceStatus>,
    /// The answer, as the receipt keeps it.
    pub answer: CheckInAnswer,
}

/// Decides a check-in against the session and the member's entry as it stands: 409 when they
/// are not expected or the session takes no check-in now, 422 for a code that is not this
/// session's.
pub(crate) fn decide(
    visible: &Visible,
    member: &MemberRow,
    check_in: &CheckIn,
    existing: Option<&AttendanceRow>,
    now: NaiveDateTime,
) -> Result<Decision, ApiError> {
    if !visible.session.expects(attendee(member)) {
        return Err(refused(StateRefusal::NotExpected));
    }
    let proof = verify(visible, &check_in.presented, now)?;
    let method = match check_in.presented {
        Presented::QrToken(_) => CheckInMethod::Qr,
        Presented::TextCode(_) => CheckInMethod::TextCode,
        Presented::OfflineQrToken { .. } => CheckInMethod::OfflineQr,
    };
    let standing = existing.map(|entry| entry.status);
    let decided = match check_in.presented {
        Presented::OfflineQrToken { .. } => visible.session.check_in_offline(standing, proof),
        _ => visible.session.check_in(standing, proof),
    }
    .map_err(refused)?;
    let scan = Scan {
        method,
        proof,
        phone_clock: match check_in.presented {
            Presented::OfflineQrToken { scanned_at, .. } => scanned_at,
            _ => None,
        },
        now,
    };
    let answer = match decided {
        None => answer_of(existing, visible, member, method, false),
        Some(status) => answer_of(
            Some(&scan.entry(visible, member, status)),
            visible,
            member,
            method,
            true,
        ),
    };
    Ok(Decision {
        scan,
        decided,
        answer,
    })
}

/// One check-in, inside its transaction.
fn attempt(
    connection: &mut DbConnection,
    signed: &Signed,
    visible: &Visible,
    check_in: &CheckIn,
    digest: &str,
    request_id: &str,
    now: NaiveDateTime,
) -> Result<CheckInAnswer, ApiError> {
    let member = &signed.member;
    let existing = sessions::entry(connection, visible.stored.row.id, member.id)?;
    let Decision {
        scan,
        decided,
        answer: expected_answer,
    } = decide(visible, member, check_in, existing.as_ref(), now)?;
    // The answer is known before anything is written; the receipt claims the client id with
    // it, so that the same check-in sent twice at once writes once (on PostgreSQL the second
    // claim waits for the first to commit, then finds it).
    let outcome = serde_json::to_string(&expected_answer).map_err(ApiError::internal)?;
    let receipt = ReceiptRow {
        member_id: member.id,
        client_id: check_in.client_id.clone(),
        session_id: visible.stored.row.id,
        request_digest: digest.to_owned(),
        outcome,
        created_at: now,
    };
    if !sessions::claim_receipt(connection, &receipt)? {
        let receipt = sessions::receipt(connection, member.id, &check_in.client_id)?
            .ok_or_else(|| ApiError::internal("a claimed receipt vanished"))?;
        return replayed(&receipt, digest);
    }
    let Some(status) = decided else {
        return Ok(expected_answer);
    };
    let answer = record(
        connection, signed, visible, existing, status, scan, request_id,
    )?;
    if answer != expected_answer {
        // Another check-in of the member's (a second phone) got there first.
        let outcome = serde_json::to_string(&answer).map_err(ApiError::internal)?;
        sessions::settle_receipt(connection, member.id, &check_in.client_id, &outcome)?;
    }
    Ok(answer)
}
