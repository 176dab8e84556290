//! A login's hold on its account's throttle (see `sotay_persistence::throttle`), and the key
//! a client's own failures are counted under.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use sotay_persistence::throttle::{self, Limit, Reservation};
use sotay_persistence::{DbPool, clock};

use crate::app::with_connection;
use crate::error::ApiError;
use crate::state::{AppState, LoginLimits};

/// Failed logins are counted in this window from the first one (`SOTAY_LOGIN_FAILURES_PER_*`
/// set the counts, `SOTAY_LOGIN_LOCKOUT_SECS` the lock).
const THROTTLE_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

impl LoginLimits {
    /// `n` tolerated failures: the n-th locks the account, so the attempt after it waits.
    pub fn account(self) -> Limit {
        Limit {
            window: THROTTLE_WINDOW,
            failures: i32::try_from(self.failures_per_account).unwrap_or(i32::MAX),
            lockout: self.lockout_duration(),
        }
    }

    pub fn client(self) -> Limit {
        Limit {
            window: THROTTLE_WINDOW,
            failures: i32::try_from(self.failures_per_client).unwrap_or(i32::MAX),
            lockout: self.lockout_duration(),
        }
    }

    fn lockout_duration(self) -> chrono::Duration {
        chrono::Duration::from_std(self.lockout).unwrap_or(THROTTLE_WINDOW)
    }
}

/// How long a login waits for the other attempts at the same account (a double tap, a phone
/// retrying) to be checked before it is refused with 429.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// A login attempt holding a place in its account's throttle. Dropped unsettled (the client
/// went away, or something failed before the password was checked), it gives the place back.
pub struct Attempt {
    pool: DbPool,
    key: Option<String>,
    limit: Limit,
}

impl Attempt {
    /// Holds the place `reservation` gave, or waits for one, without holding a thread or a
    /// connection, while the account's places are taken by attempts still being checked;
    /// refuses with 429 when the account is locked, or still busy after [`BUSY_WAIT`].
    pub async fn hold(
        state: &AppState,
        key: String,
        limit: Limit,
        mut reservation: Reservation,
        mut at: NaiveDateTime,
    ) -> Result<Self, ApiError> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(20);
        loop {
            match reservation {
                Reservation::Reserved => {
                    return Ok(Attempt {
                        pool: state.pool.clone(),
                        key: Some(key),
                        limit,
                    });
                }
                Reservation::Locked(until) => return Err(too_many_attempts(until, at)),
                Reservation::Busy if started.elapsed() >= BUSY_WAIT => {
                    return Err(ApiError::TooManyAttempts {
                        retry_after_secs: 1,
                    });
                }
                Reservation::Busy => {
                    actix_web::rt::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(200));
                }
            }
            let pool_key = key.clone();
            at = clock::now();
            reservation = with_connection(&state.pool, move |connection| {
                Ok(throttle::reserve(connection, &pool_key, at, limit)?)
            })
            .await?;
        }
    }

    /// The password was wrong (or the account may not log in): one failure for the account,
    /// one for the client address.
    pub async fn failed(mut self, state: &AppState, client_key: String) -> Result<(), ApiError> {
        let Some(key) = self.key.take() else {
            return Ok(());
        };
        let (limit, client_limit) = (self.limit, state.login_limits.client());
        with_connection(&state.pool, move |connection| {
            let now = clock::now();
            throttle::settle(connection, &key, now, limit, Some(false))?;
            throttle::count_failure(connection, &client_key, now, client_limit)?;
            Ok(())
        })
        .await
    }

    /// The account's key, for settling a success inside the login's transaction.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or_default()
    }

    /// The login's transaction settled it.
    pub fn settled(mut self) {
        self.key = None;
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else {
            return;
        };
        let (pool, limit) = (self.pool.clone(), self.limit);
        actix_web::rt::spawn(async move {
            let given_back = with_connection(&pool, move |connection| {
                Ok(throttle::settle(
                    connection,
                    &key,
                    clock::now(),
                    limit,
                    None,
                )?)
            })
            .await;
            if let Err(error) = given_back {
                tracing::warn!(%error, "a login attempt's place could not be given back; it expires by itself");
            }
        });
    }
}

/// The throttling key of a client: its IPv4 address, or its IPv6 /64 (one subscriber's
/// network: counting each of its addresses apart would multiply the limit by 2^64).
pub fn client_of(address: std::net::IpAddr) -> String {
    match address {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// 429 until `until`, counted from `now`.
pub fn too_many_attempts(until: NaiveDateTime, now: NaiveDateTime) -> ApiError {
    let seconds = (until - now).num_seconds().max(1);
    ApiError::TooManyAttempts {
        retry_after_secs: u64::try_from(seconds).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::client_of;

    fn key(address: &str) -> String {
        client_of(address.parse().unwrap())
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_slash_64() {
        // One subscriber's network: every address in it counts as the same client.
        assert_eq!(key("2001:db8:1:2::a"), key("2001:db8:1:2:ffff:ffff:ffff:1"));
        assert_eq!(key("2001:db8:1:2::a"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:2::a"), key("2001:db8:1:3::a"));
    }

    #[test]
    fn an_ipv4_client_is_counted_by_its_address_however_it_arrives() {
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_ne!(key("203.0.113.7"), key("203.0.113.8"));
    }
}
