//! Failed-login counters, kept in the database so that every server node sees the same count.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::schema::login_throttles;

/// When `key` may try again, if it is locked out now.
pub fn locked_until(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    let locked: Option<Option<NaiveDateTime>> = login_throttles::table
        .find(key)
        .select(login_throttles::locked_until)
        .first(connection)
        .optional()?;
    Ok(locked.flatten().filter(|until| *until > now))
}

/// Counts one failure for `key` within a sliding `window`; at `limit` failures the key is
/// locked for `lockout`. Returns the lock's end when this failure locked it.
pub fn record_failure(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    window: Duration,
    limit: i32,
    lockout: Duration,
) -> QueryResult<Option<NaiveDateTime>> {
    connection.write_transaction(|connection| {
        let current: Option<(i32, NaiveDateTime)> = login_throttles::table
            .find(key)
            .select((
                login_throttles::failures,
                login_throttles::window_started_at,
            ))
            .first(connection)
            .optional()?;
        let (failures, started) = match current {
            Some((failures, started)) if started + window > now => (failures + 1, started),
            _ => (1, now),
        };
        let locked_until = (failures >= limit).then(|| now + lockout);
        // Reset the count once locked, so that after the lock ends a new window begins.
        let stored_failures = if locked_until.is_some() { 0 } else { failures };
        let changed = diesel::update(login_throttles::table.find(key))
            .set((
                login_throttles::failures.eq(stored_failures),
                login_throttles::window_started_at.eq(started),
                login_throttles::locked_until.eq(locked_until),
            ))
            .execute(connection)?;
        if changed == 0 {
            diesel::insert_into(login_throttles::table)
                .values((
                    login_throttles::key.eq(key),
                    login_throttles::failures.eq(stored_failures),
                    login_throttles::window_started_at.eq(started),
                    login_throttles::locked_until.eq(locked_until),
                ))
                .execute(connection)?;
        }
        Ok(locked_until)
    })
}

/// A successful login clears the account's counter.
pub fn clear(connection: &mut DbConnection, key: &str) -> QueryResult<usize> {
    diesel::delete(login_throttles::table.find(key)).execute(connection)
}
