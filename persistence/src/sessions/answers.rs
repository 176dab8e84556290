//! Members' answers to an invitation: attending, or an apology with its reason (báo vắng).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::{MemberId, SessionId};
use sotay_domain::session::RsvpResponse;

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::session_rsvps;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = session_rsvps, treat_none_as_null = true)]
pub struct AnswerRow {
    #[diesel(serialize_as = String)]
    pub session_id: SessionId,
    #[diesel(serialize_as = String)]
    pub member_id: MemberId,
    #[diesel(serialize_as = String)]
    pub response: RsvpResponse,
    pub reason: Option<String>,
    pub answered_at: NaiveDateTime,
}

/// Records the member's answer, replacing an earlier one. Two at once (a double tap) leave
/// one row, the later answer's.
pub fn save_answer(connection: &mut DbConnection, answer: &AnswerRow) -> QueryResult<()> {
    on_each_backend!(connection, |inner| diesel::insert_into(
        session_rsvps::table
    )
    .values(answer.clone())
    .on_conflict((session_rsvps::session_id, session_rsvps::member_id))
    .do_update()
    .set(answer.clone())
    .execute(inner))?;
    Ok(())
}

pub fn answer_of(
    connection: &mut DbConnection,
    session: SessionId,
    member: MemberId,
) -> QueryResult<Option<AnswerRow>> {
    session_rsvps::table
        .find((session.to_string(), member.to_string()))
        .select(AnswerRow::as_select())
        .first(connection)
        .optional()
}

/// Every answer given to the session.
pub fn answers(connection: &mut DbConnection, session: SessionId) -> QueryResult<Vec<AnswerRow>> {
    session_rsvps::table
        .filter(session_rsvps::session_id.eq(session.to_string()))
        .select(AnswerRow::as_select())
        .load(connection)
}
