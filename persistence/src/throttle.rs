//! Failed-login counters, kept in the database so that every server node sees the same count.
//!
//! Counting is atomic on both backends: the row is created if missing (inside a savepoint, so
//! a concurrent creator's duplicate key costs nothing), then changed only by single UPDATE
//! statements, which PostgreSQL serialises on the row lock and SQLite on its write lock.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as QueryError};

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

/// The rules of one counter.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// Attempts counted within this window from the first one.
    pub window: Duration,
    /// At this many attempts the key is locked...
    pub attempts: i32,
    /// ...for this long.
    pub lockout: Duration,
}

/// Counts one attempt for `key`. Returns the end of the lock when the key is (now) locked:
/// either it already was, or this attempt reached the limit.
pub fn count_attempt(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    limit: Limit,
) -> QueryResult<Option<NaiveDateTime>> {
    connection.write_transaction(|connection| {
        if let Some(until) = locked_until(connection, key, now)? {
            return Ok(Some(until));
        }
        let created = connection.transaction(|connection| {
            diesel::insert_into(login_throttles::table)
                .values((
                    login_throttles::key.eq(key),
                    login_throttles::failures.eq(0),
                    login_throttles::window_started_at.eq(now),
                ))
                .execute(connection)
        });
        match created {
            Ok(_) | Err(QueryError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(other) => return Err(other),
        }
        // A window that has passed starts again; then the attempt is counted.
        diesel::update(
            login_throttles::table
                .find(key)
                .filter(login_throttles::window_started_at.le(now - limit.window)),
        )
        .set((
            login_throttles::failures.eq(0),
            login_throttles::window_started_at.eq(now),
        ))
        .execute(connection)?;
        diesel::update(login_throttles::table.find(key))
            .set(login_throttles::failures.eq(login_throttles::failures + 1))
            .execute(connection)?;
        let attempts: i32 = login_throttles::table
            .find(key)
            .select(login_throttles::failures)
            .first(connection)?;
        if attempts < limit.attempts {
            return Ok(None);
        }
        // Locked; the count starts afresh once the lock ends.
        let until = now + limit.lockout;
        diesel::update(login_throttles::table.find(key))
            .set((
                login_throttles::failures.eq(0),
                login_throttles::window_started_at.eq(now),
                login_throttles::locked_until.eq(Some(until)),
            ))
            .execute(connection)?;
        Ok(Some(until))
    })
}

/// A successful login clears the account's counter.
pub fn clear(connection: &mut DbConnection, key: &str) -> QueryResult<usize> {
    diesel::delete(login_throttles::table.find(key)).execute(connection)
}
