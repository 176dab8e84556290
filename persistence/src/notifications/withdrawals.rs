//! Objects taken away from an organisation's members: what a phone's sync turns into
//! tombstones.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::OrgId;
use sotay_domain::notification::ObjectType;

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::withdrawals;

/// Records that `object` no longer reaches the members of `orgs`.
pub fn record(
    connection: &mut DbConnection,
    object_type: ObjectType,
    object_id: &str,
    orgs: &[OrgId],
    at: NaiveDateTime,
) -> QueryResult<()> {
    if orgs.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = orgs
        .iter()
        .map(|org| {
            (
                withdrawals::id.eq(uuid::Uuid::now_v7().to_string()),
                withdrawals::object_type.eq(object_type.as_str()),
                withdrawals::object_id.eq(object_id.to_owned()),
                withdrawals::org_id.eq(org.to_string()),
                withdrawals::at.eq(at),
            )
        })
        .collect();
    on_each_backend!(connection, |inner| diesel::insert_into(withdrawals::table)
        .values(&rows)
        .execute(inner))?;
    Ok(())
}

/// The objects of `object_type` withdrawn from any of `orgs` after `since`.
pub fn since(
    connection: &mut DbConnection,
    object_type: ObjectType,
    orgs: &[String],
    since: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    withdrawals::table
        .filter(withdrawals::org_id.eq_any(orgs))
        .filter(withdrawals::at.gt(since))
        .filter(withdrawals::object_type.eq(object_type.as_str()))
        .select(withdrawals::object_id)
        .distinct()
        .load(connection)
}
