//! Closing a session: every expected member nobody accounted for is marked absent, excused
//! with their apology's reason when they sent one.

use std::collections::{HashMap, HashSet};

use sotay_domain::session::{CheckInMethod, Closing, RsvpResponse};
use sotay_persistence::sessions::{self, AttendanceChangeRow, AttendanceRow};
use sotay_persistence::{DbConnection, clock};

use super::super::{Visible, attendee_of};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::error::ApiError;

/// Writes the absences, their history and one audit event naming them.
pub fn record_absences(
    connection: &mut DbConnection,
    signed: &Signed,
    visible: &Visible,
    request_id: &str,
) -> Result<(), ApiError> {
    let id = visible.stored.row.id;
    let invited: Vec<_> = visible
        .stored
        .invited
        .iter()
        .map(|o| o.path.clone())
        .collect();
    let placed = sessions::placed_in_any(connection, &invited)?;
    let recorded: HashSet<_> = sessions::entries(connection, id)?
        .into_iter()
        .map(|entry| entry.member_id)
        .collect();
    let apologies: HashMap<_, _> = sessions::answers(connection, id)?
        .into_iter()
        .filter(|answer| answer.response == RsvpResponse::Apology)
        .filter_map(|answer| answer.reason.map(|reason| (answer.member_id, reason)))
        .collect();
    let now = clock::now();
    let actor = signed.member.id;
    let mut absent = Vec::new();
    let mut changes = Vec::new();
    for member in placed {
        if recorded.contains(&member.id) || !visible.session.expects(attendee_of(&member)) {
            continue;
        }
        let (status, reason) = Closing::absence(apologies.get(&member.id).map(String::as_str));
        let entry = AttendanceRow {
            session_id: id,
            member_id: member.id,
            status,
            method: CheckInMethod::Closing,
            checked_in_at: None,
            reason,
            recorded_by: Some(actor),
            recorded_at: now,
        };
        // A check-in racing the close on PostgreSQL may have written the entry meanwhile:
        // it stands, and no absence is recorded over it.
        if sessions::insert_entry_if_absent(connection, &entry)? {
            changes.push(AttendanceChangeRow::leading_to(None, &entry));
            absent.push(serde_json::json!({
                "member_id": member.id.to_string(),
                "status": status.as_str(),
            }));
        }
    }
    sessions::insert_changes(connection, &changes)?;
    audit::record(
        connection,
        Event {
            actor_id: Some(signed.actor()),
            action: "attendance.absences_recorded",
            object_type: "session",
            object_id: &id,
            org_id: Some(&visible.stored.row.host_org_id),
            before: None,
            after: Some(serde_json::json!({ "absent": absent })),
            request_id: Some(request_id),
        },
    )
}
