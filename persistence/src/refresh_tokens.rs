//! Refresh tokens: stored only as hashes, rotated on every use, grouped in families so that the
//! reuse of a spent token can revoke every token descended from the same login.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::MemberId;

use crate::connection::DbConnection;
use crate::schema::refresh_tokens;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: String,
    pub family_id: String,
    pub member_id: MemberId,
    pub token_hash: String,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub spent_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub id: &'a str,
    pub family_id: &'a str,
    pub member_id: &'a str,
    pub token_hash: &'a str,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    /// The family's absolute end: rotation never extends it.
    pub expires_at: NaiveDateTime,
}

pub fn insert(connection: &mut DbConnection, token: &NewRefreshToken<'_>) -> QueryResult<usize> {
    diesel::insert_into(refresh_tokens::table)
        .values(token)
        .execute(connection)
}

pub fn find_by_hash(
    connection: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshTokenRow::as_select())
        .first(connection)
        .optional()
}

/// Marks the token with this hash spent if, and only if, it is still live, and returns it.
/// Of any number of concurrent calls for one token exactly one gets it: the condition and the
/// write are one statement.
pub fn spend_by_hash(
    connection: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<RefreshTokenRow>> {
    let updated = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .filter(refresh_tokens::spent_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null())
            .filter(refresh_tokens::expires_at.gt(now)),
    )
    .set(refresh_tokens::spent_at.eq(now))
    .execute(connection)?;
    if updated == 1 {
        find_by_hash(connection, token_hash)
    } else {
        Ok(None)
    }
}

pub fn revoke_family(
    connection: &mut DbConnection,
    family_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(connection)
}

pub fn revoke_all_of_member(
    connection: &mut DbConnection,
    member_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::member_id.eq(member_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(connection)
}
