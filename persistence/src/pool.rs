//! A bounded r2d2 pool of [`DbConnection`]s that knows when the database is down.
//!
//! r2d2 opens connections on its own threads and never on the caller's: a request that finds no
//! idle connection waits for one, the full timeout, whether the database is busy (a connection
//! will come back) or gone (none will). During an outage every request then held a blocking
//! thread for 5 s before its 503, and threads piled up. So the pool watches its own connection
//! attempts: once one fails and the pool holds no connection at all, the database is known to be
//! unreachable, and a request is answered at once; the first attempt that succeeds (r2d2 keeps
//! retrying in the background, at most a second apart) clears it. A database that is only busy
//! leaves the pool its connections (and one that refuses new ones for being full, "too many
//! clients", too), so its requests still get the wait for one of them to come back.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use std::sync::atomic::AtomicU64;

use diesel::connection::{Connection, Instrumentation, InstrumentationEvent};
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::result::{DatabaseErrorKind, Error as QueryError};

use crate::connection::{DbConnection, SessionSettings};
use crate::database_url::{Backend, DatabaseUrl};
use crate::error::DbError;

pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// r2d2 retries a failed connection after at most half its own timeout; requests never use that
/// timeout (see [`DbPool::checkout`]), so it only sets how soon a returning database is found.
const RETRY_TIMEOUT: Duration = Duration::from_secs(2);
/// How often a waiting request looks whether the database has meanwhile been found down.
const WAIT_SLICE: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// Upper bound of open connections. PostgreSQL on 2 cores peaks at 4-8; never below 2, or a
    /// nested checkout deadlocks.
    pub max_size: u32,
    /// How long a request waits for a free connection before it is answered 503.
    pub connection_timeout: Duration,
    pub statement_timeout: Duration,
}

/// What the pool's own connection attempts say about the database.
#[derive(Debug, Default)]
struct Reachability {
    unreachable: AtomicBool,
    state: Mutex<Attempts>,
}

#[derive(Debug, Default)]
struct Attempts {
    last_success: Option<Instant>,
    last_error: Option<String>,
}

impl Reachability {
    fn is_unreachable(&self) -> bool {
        self.unreachable.load(Ordering::Acquire)
    }

    fn connected(&self) {
        let mut attempts = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        attempts.last_success = Some(Instant::now());
        attempts.last_error = None;
        if self.unreachable.swap(false, Ordering::AcqRel) {
            tracing::info!("the database is reachable again");
        }
    }

    /// An attempt that began before the latest success says nothing new: a slow connect
    /// started during a blackout must not mark a recovered database down.
    fn failed(&self, started: Instant, error: &diesel::ConnectionError) {
        let mut attempts = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if attempts.last_success.is_some_and(|at| at > started) {
            return;
        }
        attempts.last_error = Some(error.to_string().trim().to_owned());
        if !self.unreachable.swap(true, Ordering::AcqRel) {
            tracing::warn!(%error, "the database is unreachable: answering 503 at once until it is back");
        }
    }

    fn unavailable(&self) -> DbError {
        let attempts = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        DbError::Unavailable(
            attempts
                .last_error
                .clone()
                .unwrap_or_else(|| "the database is unreachable".to_owned()),
        )
    }
}

/// What the pool learns from each of its connections as statements run: how many ran (for the
/// metrics, and the tests that pin a request's cost), and whether the connection was lost.
///
/// A checkout runs no test query (r2d2's `test_on_check_out` would add a round trip to every
/// request); a connection the server dropped is found by the error of the statement that used
/// it, and the pool discards it when it comes back ([`ConnectionManager::has_broken`]).
#[derive(Debug)]
struct ConnectionWatch {
    statements: Arc<AtomicU64>,
    lost: bool,
}

impl Instrumentation for ConnectionWatch {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. } => {
                self.statements.fetch_add(1, Ordering::Relaxed);
            }
            InstrumentationEvent::FinishQuery {
                error: Some(error), ..
            } if means_connection_lost(error) => self.lost = true,
            _ => {}
        }
    }
}

fn means_connection_lost(error: &QueryError) -> bool {
    matches!(
        error,
        QueryError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _
        ) | QueryError::BrokenTransactionManager
    )
}

/// Whether a statement on this pooled connection found the server gone. Whatever error the
/// work made of that (a migration harness wraps it, a transaction reports a failed rollback),
/// the request's answer is "the database is unavailable", and the pool drops the connection.
pub fn was_lost(connection: &mut DbConnection) -> bool {
    connection
        .instrumentation()
        .downcast_ref::<ConnectionWatch>()
        .is_some_and(|watch| watch.lost)
}

/// Opens connections for the pool, with our session settings applied to each, and tells the
/// pool's [`Reachability`] how each attempt went.
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    session: SessionSettings,
    reachability: Arc<Reachability>,
    statements: Arc<AtomicU64>,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        let started = Instant::now();
        match DbConnection::open(&self.url, self.session) {
            Ok(mut connection) => {
                self.reachability.connected();
                // Set after the session settings, so that only the requests' statements count.
                connection.set_instrumentation(ConnectionWatch {
                    statements: Arc::clone(&self.statements),
                    lost: false,
                });
                Ok(connection)
            }
            Err(error) => {
                self.reachability.failed(started, &error);
                Err(r2d2::Error::ConnectionError(error))
            }
        }
    }

    fn is_valid(&self, connection: &mut DbConnection) -> Result<(), r2d2::Error> {
        connection.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, connection: &mut DbConnection) -> bool {
        connection.is_broken() || was_lost(connection)
    }
}

/// r2d2's background failures: a failed connection attempt is already reported once per
/// outage by [`Reachability`] (r2d2 retries up to once a second), a broken idle connection here.
#[derive(Debug)]
struct LogConnectionErrors;

impl r2d2::HandleError<r2d2::Error> for LogConnectionErrors {
    fn handle_error(&self, error: r2d2::Error) {
        match error {
            r2d2::Error::ConnectionError(error) => {
                tracing::debug!(%error, "database connection attempt failed");
            }
            r2d2::Error::QueryError(error) => {
                tracing::warn!(%error, "a pooled database connection was broken");
            }
        }
    }
}

/// The pool, and what it knows about the database's reachability.
#[derive(Debug, Clone)]
pub struct DbPool {
    inner: r2d2::Pool<ConnectionManager>,
    reachability: Arc<Reachability>,
    statements: Arc<AtomicU64>,
    wait: Duration,
}

impl DbPool {
    /// How long a request waits for a connection while the database is thought healthy.
    pub fn connection_timeout(&self) -> Duration {
        self.wait
    }

    /// Whether the last connection attempt failed (and none has succeeded since).
    pub fn is_unreachable(&self) -> bool {
        self.reachability.is_unreachable()
    }

    /// Whether nothing can come of waiting: the last connection attempt failed and the pool
    /// holds no connection that could come back.
    fn is_cut_off(&self) -> bool {
        self.reachability.is_unreachable() && self.inner.state().connections == 0
    }

    /// The error to answer at once, without taking a thread (see [`DbPool::is_cut_off`]).
    pub fn refuse_now(&self) -> Option<DbError> {
        self.is_cut_off().then(|| self.reachability.unavailable())
    }

    /// A connection, waiting up to `wait` while one may come. Blocking. Once the database is
    /// known to be unreachable and no connection is left, none is waited for.
    pub fn checkout(&self, wait: Duration) -> Result<PooledConnection, DbError> {
        let deadline = Instant::now() + wait;
        loop {
            if self.is_cut_off() {
                return Err(self.reachability.unavailable());
            }
            let slice = deadline
                .saturating_duration_since(Instant::now())
                .min(WAIT_SLICE);
            match self.inner.get_timeout(slice) {
                Ok(connection) => return Ok(connection),
                Err(error) if Instant::now() >= deadline => return Err(DbError::from(error)),
                Err(_) => {}
            }
        }
    }

    /// Statements run on the pool's connections since it was built (transaction control
    /// included: each is a round trip).
    pub fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Connections open and idle, for the metrics endpoint.
    pub fn usage(&self) -> (u32, u32) {
        let state = self.inner.state();
        (state.connections, state.idle_connections)
    }
}

/// Builds the pool without connecting: the server can start (and report "not ready") while the
/// database is still coming up. Connectivity at start-up is checked by the migration step.
pub fn build_pool(url: &DatabaseUrl, settings: PoolSettings) -> DbPool {
    let max_size = settings.max_size.max(2);
    let reachability = Arc::new(Reachability::default());
    let statements = Arc::new(AtomicU64::new(0));
    let manager = ConnectionManager {
        url: url.clone(),
        session: SessionSettings {
            statement_timeout: Some(settings.statement_timeout),
            application_name: "sotay",
        },
        reachability: Arc::clone(&reachability),
        statements: Arc::clone(&statements),
    };
    // SQLite connections are cheap to open; PostgreSQL ones are worth keeping warm.
    let min_idle = match url.backend() {
        Backend::Postgres => Some(max_size.min(2)),
        Backend::Sqlite => Some(1),
    };
    let inner = r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(min_idle)
        .connection_timeout(settings.connection_timeout.min(RETRY_TIMEOUT))
        .test_on_check_out(false)
        .error_handler(Box::new(LogConnectionErrors))
        .build_unchecked(manager);
    DbPool {
        inner,
        reachability,
        statements,
        wait: settings.connection_timeout,
    }
}
