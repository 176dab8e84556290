//! The roll: managers mark members who had no phone and correct any entry, with a reason;
//! the minutes read every expected member's entry and the counts the minutes need.

use std::collections::{HashMap, HashSet};

use sotay_domain::access::{Placement, Visibility};
use sotay_domain::ids::{MemberId, SessionId};
use sotay_domain::member::ActivityStatus;
use sotay_domain::session::{
    AttendanceStatus, CheckInMethod, Entry, Reason, RollRefusal, StateRefusal,
};
use sotay_persistence::sessions::{
    self, AnswerRow, AttendanceChangeRow, AttendanceRow, RollMember,
};
use sotay_persistence::{DbConnection, clock};

use super::{Visible, attendee_of, refused, run_session};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::notifications::events::{self, SessionNamed};
use crate::error::ApiError;

/// One member on the roll, with their entry and answer.
pub struct RollLine {
    pub member: RollMember,
    /// Expected (active and placed in an invited subtree); `false` for exempt members and for
    /// those recorded who are no longer placed there.
    pub expected: bool,
    /// Reached through a temporary attachment, not their home cell.
    pub attached: bool,
    pub entry: Option<AttendanceRow>,
    pub answer: Option<AnswerRow>,
}

/// The whole roll of a session.
pub struct Roll {
    pub visible: Visible,
    pub lines: Vec<RollLine>,
    /// Names of those who recorded entries.
    pub recorders: HashMap<MemberId, String>,
}

/// One entry with every change made to it.
pub struct EntryHistory {
    pub session_id: SessionId,
    pub line: RollLine,
    pub changes: Vec<AttendanceChangeRow>,
}

/// Marks or corrects one member's entry: by the session's managers, once it is open (closed
/// too: the minutes are corrected, never rewritten unseen). A change to an entry says why.
pub fn mark(
    connection: &mut DbConnection,
    signed: &Signed,
    session_id: &str,
    member_id: &str,
    status: AttendanceStatus,
    reason: Option<Reason>,
    request_id: &str,
) -> Result<EntryHistory, ApiError> {
    connection.write_transaction(|connection| {
        let visible = run_session(connection, &signed.caller, session_id)?;
        let line = line_of(connection, signed, &visible, member_id)?;
        let existing = line.entry.as_ref().map(|entry| Entry {
            status: entry.status,
            reason: entry.reason.as_deref(),
        });
        let Some(mark) = visible
            .session
            .mark(existing, status, reason)
            .map_err(roll_refused)?
        else {
            return entry_history(connection, &visible, line);
        };
        let mut changes = match &line.entry {
            Some(_) => sessions::changes_of(connection, visible.stored.row.id, line.member.id)?,
            None => Vec::new(),
        };
        if changes.len() >= MAX_CHANGES_MARKED {
            return Err(too_many_changes());
        }
        let entry = AttendanceRow {
            session_id: visible.stored.row.id,
            member_id: line.member.id,
            status: mark.status,
            method: CheckInMethod::Roll,
            checked_in_at: match &line.entry {
                Some(entry) if mark.status.attended() => entry.checked_in_at,
                _ => None,
            },
            reason: mark.reason.clone(),
            recorded_by: Some(signed.member.id),
            recorded_at: clock::now(),
        };
        let from = line.entry.as_ref().map(|entry| entry.status);
        if from.is_some() {
            sessions::update_entry(connection, &entry)?;
        } else if !sessions::insert_entry_if_absent(connection, &entry)? {
            return Err(changed_meanwhile());
        }
        let change = AttendanceChangeRow::leading_to(from, &entry);
        sessions::insert_change(connection, &change)?;
        changes.push(change);
        audit::record(
            connection,
            Event {
                actor_id: Some(signed.actor()),
                action: if mark.correction {
                    "attendance.corrected"
                } else {
                    "attendance.marked"
                },
                object_type: "session",
                object_id: &entry.session_id,
                org_id: Some(&visible.stored.row.host_org_id),
                before: line.entry.as_ref().map(|entry| {
                    serde_json::json!({
                        "member_id": entry.member_id.to_string(),
                        "status": entry.status.as_str(),
                        "reason": entry.reason,
                    })
                }),
                after: Some(serde_json::json!({
                    "member_id": entry.member_id.to_string(),
                    "status": entry.status.as_str(),
                    "reason": entry.reason,
                })),
                request_id: Some(request_id),
            },
        )?;
        if mark.correction {
            let row = &visible.stored.row;
            events::attendance_corrected(
                connection,
                &SessionNamed {
                    id: row.id,
                    title: &row.title,
                    starts_at: row.starts_at,
                },
                entry.member_id,
                entry.reason.as_deref(),
                entry.recorded_at,
            )?;
        }
        Ok(EntryHistory {
            session_id: visible.stored.row.id,
            line: RollLine {
                entry: Some(entry),
                ..line
            },
            changes,
        })
    })
}

/// Changes an entry may have before a further mark is refused: far beyond any real roll, and
/// it keeps the history a bounded answer.
pub const MAX_CHANGES_MARKED: usize = 400;

fn too_many_changes() -> ApiError {
    ApiError::conflict(
        "too_many_changes",
        "Điểm danh của đảng viên này đã sửa quá nhiều lần.",
        "This member's entry has been changed too many times.",
    )
}

/// One member's entry and its history, for the session's managers.
pub fn entry(
    connection: &mut DbConnection,
    signed: &Signed,
    session_id: &str,
    member_id: &str,
) -> Result<EntryHistory, ApiError> {
    connection.read_transaction(|connection| {
        let visible = run_session(connection, &signed.caller, session_id)?;
        let line = line_of(connection, signed, &visible, member_id)?;
        entry_history(connection, &visible, line)
    })
}

/// The roll of a session the caller runs: every member placed in its invited subtrees (the
/// exempt shown apart) and anyone else with an entry, in name order.
pub fn roll(connection: &mut DbConnection, signed: &Signed, id: &str) -> Result<Roll, ApiError> {
    connection.read_transaction(|connection| {
        let visible = run_session(connection, &signed.caller, id)?;
        let session_id = visible.stored.row.id;
        let invited: Vec<_> = visible
            .stored
            .invited
            .iter()
            .map(|o| o.path.clone())
            .collect();
        let mut members = sessions::placed_in_any(connection, &invited)?;
        let mut entries: HashMap<MemberId, AttendanceRow> =
            sessions::entries(connection, session_id)?
                .into_iter()
                .map(|entry| (entry.member_id, entry))
                .collect();
        let mut answers: HashMap<MemberId, AnswerRow> = sessions::answers(connection, session_id)?
            .into_iter()
            .map(|answer| (answer.member_id, answer))
            .collect();
        let placed: HashSet<MemberId> = members.iter().map(|member| member.id).collect();
        let elsewhere: Vec<MemberId> = entries
            .keys()
            .filter(|id| !placed.contains(id))
            .copied()
            .collect();
        if !elsewhere.is_empty() {
            members.extend(sessions::roll_members(connection, &elsewhere)?);
            members.sort_by(|a, b| (&a.sort_key, a.id).cmp(&(&b.sort_key, b.id)));
        }
        let recorder_ids: Vec<MemberId> = {
            let mut ids: Vec<MemberId> = entries.values().filter_map(|e| e.recorded_by).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let recorders = sessions::roll_members(connection, &recorder_ids)?
            .into_iter()
            .map(|member| (member.id, member.full_name))
            .collect();
        let lines = members
            .into_iter()
            .map(|member| {
                let expected = visible.session.expects(attendee_of(&member));
                let attached = !invited.iter().any(|org| org.contains(&member.org_path));
                RollLine {
                    entry: entries.remove(&member.id),
                    answer: answers.remove(&member.id),
                    expected,
                    attached,
                    member,
                }
            })
            // A make-up session's roll leaves out who attended the original and did not come.
            .filter(|line| {
                line.expected
                    || line.entry.is_some()
                    || line.member.activity_status == ActivityStatus::Exempt
            })
            .collect();
        Ok(Roll {
            visible,
            lines,
            recorders,
        })
    })
}

/// The member's line on the roll: 404 for a member the caller may not see, 409 for one the
/// session neither reaches nor has an entry for.
fn line_of(
    connection: &mut DbConnection,
    signed: &Signed,
    visible: &Visible,
    member_id: &str,
) -> Result<RollLine, ApiError> {
    let id = MemberId::from_text(member_id).ok_or(ApiError::NotFound)?;
    let member = sessions::roll_members(connection, &[id])?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let placement = Placement {
        member_id: member.id,
        home: &member.org_path,
        attached: member.attached_org_path.as_ref(),
    };
    if signed.caller.visibility_of(placement) == Visibility::Hidden {
        return Err(ApiError::NotFound);
    }
    let session_id = visible.stored.row.id;
    let entry = sessions::entry(connection, session_id, id)?;
    let reached = visible.session.reaches(&member.org_path)
        || member
            .attached_org_path
            .as_ref()
            .is_some_and(|cell| visible.session.reaches(cell));
    if !reached && entry.is_none() {
        return Err(refused(StateRefusal::NotExpected));
    }
    let answer = sessions::answer_of(connection, session_id, id)?;
    Ok(RollLine {
        expected: visible.session.expects(attendee_of(&member)),
        attached: !visible.session.reaches(&member.org_path),
        member,
        entry,
        answer,
    })
}

fn entry_history(
    connection: &mut DbConnection,
    visible: &Visible,
    line: RollLine,
) -> Result<EntryHistory, ApiError> {
    let session_id = visible.stored.row.id;
    let changes = match &line.entry {
        Some(_) => sessions::changes_of(connection, session_id, line.member.id)?,
        None => Vec::new(),
    };
    Ok(EntryHistory {
        session_id,
        line,
        changes,
    })
}

fn roll_refused(refusal: RollRefusal) -> ApiError {
    match refusal {
        RollRefusal::State(state) => refused(state),
        RollRefusal::ReasonRequired => ApiError::invalid(
            "reason",
            sotay_domain::Invalid::new(
                "reason_required",
                "Vắng có lý do và mọi sửa đổi điểm danh đều phải ghi lý do.",
                "An excused absence, and every correction, needs a reason.",
            ),
        ),
    }
}

fn changed_meanwhile() -> ApiError {
    ApiError::conflict(
        "changed_meanwhile",
        "Điểm danh của đảng viên này vừa được ghi; hãy tải lại rồi sửa.",
        "This member's entry was recorded meanwhile; reload, then correct it.",
    )
}
