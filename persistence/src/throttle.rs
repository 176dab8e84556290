//! Failed-login counters, kept in the database so that every server node sees the same count.
//!
//! Counting is atomic on both backends: the row is created if missing (inside a savepoint, so
//! a concurrent creator's duplicate key costs nothing), then every change is an UPDATE of it,
//! which PostgreSQL serialises on the row lock (held to the end of the transaction, so a read
//! after it sees its result) and SQLite on its write lock.
//!
//! Failures lock a key, not attempts: a member whose phone sends the same correct login
//! several times at once must get in. What an attempt counter protected is kept by counting
//! attempts in flight against the limit until they are settled ([`reserve`], [`settle`]).

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
    /// Failures are counted within this window; it starts with the key's first attempt, and
    /// again at the first attempt after it has passed, and when a lock is set.
    pub window: Duration,
    /// At this many failures the key is locked...
    pub failures: i32,
    /// ...for this long.
    pub lockout: Duration,
}

/// An attempt in flight longer than this was left behind by a node that died (or a request
/// that was dropped before it could settle): it no longer holds a place.
const IN_FLIGHT_EXPIRES: Duration = Duration::seconds(30);

/// The outcome of asking to try a password for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// Go ahead; report the outcome with [`settle`].
    Reserved,
    /// Every place is taken by a failure or an attempt still being checked: ask again shortly.
    Busy,
    /// Locked out until then.
    Locked(NaiveDateTime),
}

/// Asks to try a password for `key`. Failures lock the key, successes clear it; an attempt
/// being checked holds a place until it is settled, so that parallel guesses cannot all start
/// before any has failed, while parallel correct logins only wait for each other.
pub fn reserve(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    limit: Limit,
) -> QueryResult<Reservation> {
    connection.write_transaction(|connection| {
        if let Some(until) = locked_until(connection, key, now)? {
            return Ok(Reservation::Locked(until));
        }
        ensure_row(connection, key, now)?;
        restart_window_if_over(connection, key, now, limit)?;
        // Places left behind by attempts that never settled expire.
        diesel::update(
            login_throttles::table
                .find(key)
                .filter(login_throttles::pending_since.le(now - IN_FLIGHT_EXPIRES)),
        )
        .set((
            login_throttles::pending.eq(0),
            login_throttles::pending_since.eq(None::<NaiveDateTime>),
        ))
        .execute(connection)?;
        // The lock is looked at again here: the check above may have read the row before a
        // concurrent failure locked it (and set its count back to 0); this statement waits for
        // that failure's row lock and then sees its result.
        let reserved = diesel::update(
            login_throttles::table
                .find(key)
                .filter((login_throttles::failures + login_throttles::pending).lt(limit.failures))
                .filter(
                    login_throttles::locked_until
                        .is_null()
                        .or(login_throttles::locked_until.le(now)),
                ),
        )
        .set((
            login_throttles::pending.eq(login_throttles::pending + 1),
            login_throttles::pending_since.eq(Some(now)),
        ))
        .execute(connection)?;
        Ok(if reserved == 1 {
            Reservation::Reserved
        } else {
            Reservation::Busy
        })
    })
}

/// Reports a reserved attempt: a success clears the failures, a failure counts and, at the
/// limit, locks the key (returning until when). `None` gives the place back without either,
/// for an attempt that ended before its password was checked.
pub fn settle(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    limit: Limit,
    succeeded: Option<bool>,
) -> QueryResult<Option<NaiveDateTime>> {
    connection.write_transaction(|connection| {
        diesel::update(
            login_throttles::table
                .find(key)
                .filter(login_throttles::pending.gt(0)),
        )
        .set(login_throttles::pending.eq(login_throttles::pending - 1))
        .execute(connection)?;
        match succeeded {
            None => Ok(None),
            Some(true) => {
                diesel::update(login_throttles::table.find(key))
                    .set(login_throttles::failures.eq(0))
                    .execute(connection)?;
                Ok(None)
            }
            Some(false) => count_failure_in(connection, key, now, limit),
        }
    })
}

/// Counts one failure for `key` (a client address: its failures are counted as they happen,
/// and checked with [`locked_until`] before the next attempt). Returns the end of the lock
/// when this failure reached the limit.
pub fn count_failure(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    limit: Limit,
) -> QueryResult<Option<NaiveDateTime>> {
    connection.write_transaction(|connection| {
        if let Some(until) = locked_until(connection, key, now)? {
            return Ok(Some(until));
        }
        ensure_row(connection, key, now)?;
        restart_window_if_over(connection, key, now, limit)?;
        count_failure_in(connection, key, now, limit)
    })
}

/// The row exists afterwards: created if missing, inside a savepoint, so that a concurrent
/// creator's duplicate key costs nothing.
fn ensure_row(connection: &mut DbConnection, key: &str, now: NaiveDateTime) -> QueryResult<()> {
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
        Ok(_) | Err(QueryError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        Err(other) => Err(other),
    }
}

/// A window that has passed starts again, with no failures counted.
fn restart_window_if_over(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    limit: Limit,
) -> QueryResult<usize> {
    diesel::update(
        login_throttles::table
            .find(key)
            .filter(login_throttles::window_started_at.le(now - limit.window)),
    )
    .set((
        login_throttles::failures.eq(0),
        login_throttles::window_started_at.eq(now),
    ))
    .execute(connection)
}

fn count_failure_in(
    connection: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
    limit: Limit,
) -> QueryResult<Option<NaiveDateTime>> {
    diesel::update(login_throttles::table.find(key))
        .set(login_throttles::failures.eq(login_throttles::failures + 1))
        .execute(connection)?;
    let failures: i32 = login_throttles::table
        .find(key)
        .select(login_throttles::failures)
        .first(connection)?;
    if failures < limit.failures {
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
}
