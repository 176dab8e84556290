//! A member's answer to an invitation: attending, or an apology with its reason (báo vắng).

use sotay_domain::session::{Reason, RsvpResponse, StateRefusal};
use sotay_persistence::sessions::{self, AnswerRow};
use sotay_persistence::{DbConnection, clock};

use super::{SessionView, attendee, refused, view_for, visible_session};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::error::ApiError;

/// Records the caller's answer, replacing an earlier one, while the session is announced and
/// not over. Only expected members answer.
pub fn answer(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    response: RsvpResponse,
    reason: Option<Reason>,
    request_id: &str,
) -> Result<SessionView, ApiError> {
    let answer = Answer { response, reason };
    answer_at(connection, signed, id, answer, request_id, clock::now())
}

/// An answer as a member gives it.
pub struct Answer {
    pub response: RsvpResponse,
    pub reason: Option<Reason>,
}

/// [`answer`] as of `now`: the demo loader records the story's apologies at their time.
pub fn answer_at(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    answer: Answer,
    request_id: &str,
    now: chrono::NaiveDateTime,
) -> Result<SessionView, ApiError> {
    let Answer { response, reason } = answer;
    let (caller, member) = (&signed.caller, &signed.member);
    connection.write_transaction(|connection| {
        let visible = visible_session(connection, caller, id)?;
        if !visible.session.expects(attendee(member)) {
            return Err(refused(StateRefusal::NotExpected));
        }
        visible.session.answerable(now).map_err(refused)?;
        // An apology says why; "attending" needs no reason, and keeps none.
        let reason =
            match response {
                RsvpResponse::Apology => Some(reason.ok_or_else(|| {
                    ApiError::invalid("reason", sotay_domain::Invalid::required())
                })?),
                RsvpResponse::Attending => None,
            };
        let row = AnswerRow {
            session_id: visible.stored.row.id,
            member_id: member.id,
            response,
            reason: reason.map(Reason::into_string),
            answered_at: now,
        };
        sessions::save_answer(connection, &row)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(signed.actor()),
                action: "session.answered",
                object_type: "session",
                object_id: &row.session_id,
                org_id: Some(&visible.stored.row.host_org_id),
                before: None,
                after: Some(serde_json::json!({
                    "member_id": member.id.to_string(),
                    "response": response.as_str(),
                    "reason": row.reason,
                })),
                request_id: Some(request_id),
            },
        )?;
        view_for(connection, member, visible)
    })
}
