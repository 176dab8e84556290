//! Where a member belongs over time: their home cell and temporary attachments, never deleted.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::ids::MemberId;
use sotay_domain::member::standing::MembershipKind;

use crate::connection::DbConnection;
use crate::schema::memberships;

#[derive(Debug, Insertable)]
#[diesel(table_name = memberships)]
pub struct NewMembership<'a> {
    pub id: &'a str,
    pub member_id: &'a str,
    pub org_id: &'a str,
    pub kind: &'a str,
    pub from_date: NaiveDate,
    pub until_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = memberships)]
pub struct MembershipRow {
    pub id: String,
    pub member_id: String,
    pub org_id: String,
    pub kind: String,
    pub from_date: NaiveDate,
    pub until_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

pub fn insert_membership(
    connection: &mut DbConnection,
    membership: &NewMembership<'_>,
) -> QueryResult<usize> {
    diesel::insert_into(memberships::table)
        .values(membership)
        .execute(connection)
}

/// Closes the member's open membership of `kind` on `until`.
pub fn close_membership(
    connection: &mut DbConnection,
    member_id: MemberId,
    kind: MembershipKind,
    until: NaiveDate,
) -> QueryResult<usize> {
    diesel::update(
        memberships::table
            .filter(memberships::member_id.eq(member_id.to_string()))
            .filter(memberships::kind.eq(kind.as_str()))
            .filter(memberships::until_date.is_null()),
    )
    .set(memberships::until_date.eq(until))
    .execute(connection)
}

pub fn memberships_of(
    connection: &mut DbConnection,
    member_id: &str,
) -> QueryResult<Vec<MembershipRow>> {
    memberships::table
        .filter(memberships::member_id.eq(member_id))
        .order(memberships::id.asc())
        .select(MembershipRow::as_select())
        .load(connection)
}
