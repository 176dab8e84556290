//! Phones registered for push.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::{DeviceId, MemberId};
use sotay_domain::notification::Platform;

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::devices;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = devices)]
pub struct DeviceRow {
    pub id: DeviceId,
    pub member_id: MemberId,
    pub platform: Platform,
    /// Never logged: whoever has it can write to the phone.
    pub token: String,
    pub family_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl DeviceRow {
    /// The token's first characters, for logs: enough to tell phones apart, useless to a thief.
    pub fn token_hint(&self) -> String {
        self.token.chars().take(6).collect::<String>() + "…"
    }
}

#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = devices, treat_none_as_null = true)]
pub struct DeviceRecord {
    #[diesel(serialize_as = String)]
    pub id: DeviceId,
    #[diesel(serialize_as = String)]
    pub member_id: MemberId,
    #[diesel(serialize_as = String)]
    pub platform: Platform,
    pub token: String,
    pub family_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The device holding `token`, whoever registered it.
pub fn by_token(connection: &mut DbConnection, token: &str) -> QueryResult<Option<DeviceRow>> {
    devices::table
        .filter(devices::token.eq(token))
        .select(DeviceRow::as_select())
        .first(connection)
        .optional()
}

/// Registers a phone: a token seen before moves to this member and sign-in (the phone changed
/// hands, or its user signed in again), keeping its id. Two registrations at once (a double
/// tap) store one.
pub fn register(connection: &mut DbConnection, record: &DeviceRecord) -> QueryResult<()> {
    on_each_backend!(connection, |inner| diesel::insert_into(devices::table)
        .values(record.clone())
        .on_conflict(devices::token)
        .do_update()
        .set((
            devices::member_id.eq(record.member_id.to_string()),
            devices::platform.eq(record.platform.as_str()),
            devices::family_id.eq(record.family_id.clone()),
            devices::updated_at.eq(record.updated_at),
        ))
        .execute(inner))?;
    Ok(())
}

/// `member`'s phones, most recently registered first.
pub fn of_member(connection: &mut DbConnection, member: MemberId) -> QueryResult<Vec<DeviceRow>> {
    devices::table
        .filter(devices::member_id.eq(member.to_string()))
        .order((devices::updated_at.desc(), devices::id.desc()))
        .select(DeviceRow::as_select())
        .load(connection)
}

/// Forgets one of `member`'s phones: how many were forgotten, 0 or 1.
pub fn remove(connection: &mut DbConnection, member: MemberId, id: DeviceId) -> QueryResult<usize> {
    diesel::delete(
        devices::table
            .filter(devices::member_id.eq(member.to_string()))
            .filter(devices::id.eq(id.to_string())),
    )
    .execute(connection)
}

/// Forgets the phones by id (beyond a member's limit).
pub fn remove_many(connection: &mut DbConnection, ids: &[DeviceId]) -> QueryResult<usize> {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    diesel::delete(devices::table.filter(devices::id.eq_any(ids))).execute(connection)
}

/// Forgets the phones a sign-in registered: logging out of it.
pub fn remove_family(connection: &mut DbConnection, family_id: &str) -> QueryResult<usize> {
    diesel::delete(devices::table.filter(devices::family_id.eq(family_id))).execute(connection)
}

/// Forgets every phone of `member`: logging out everywhere, a new password.
pub fn remove_all(connection: &mut DbConnection, member: MemberId) -> QueryResult<usize> {
    diesel::delete(devices::table.filter(devices::member_id.eq(member.to_string())))
        .execute(connection)
}
