//! A bounded r2d2 pool of [`DbConnection`]s.

use std::time::Duration;

use diesel::r2d2::{self, ManageConnection, R2D2Connection};

use crate::connection::{DbConnection, SessionSettings};
use crate::database_url::{Backend, DatabaseUrl};

pub type DbPool = r2d2::Pool<ConnectionManager>;
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// Upper bound of open connections. PostgreSQL on 2 cores peaks at 4-8; never below 2, or a
    /// nested checkout deadlocks.
    pub max_size: u32,
    /// How long a request waits for a free connection before it is answered 503.
    pub connection_timeout: Duration,
    pub statement_timeout: Duration,
}

/// Opens connections for the pool, with our session settings applied to each.
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    session: SessionSettings,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        DbConnection::open(&self.url, self.session).map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, connection: &mut DbConnection) -> Result<(), r2d2::Error> {
        connection.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, connection: &mut DbConnection) -> bool {
        connection.is_broken()
    }
}

/// Sends r2d2's background connection failures to our logs, without the URL.
#[derive(Debug)]
struct LogConnectionErrors;

impl r2d2::HandleError<r2d2::Error> for LogConnectionErrors {
    fn handle_error(&self, error: r2d2::Error) {
        tracing::warn!(%error, "database connection failed");
    }
}

/// Builds the pool without connecting: the server can start (and report "not ready") while the
/// database is still coming up. Connectivity at start-up is checked by the migration step.
pub fn build_pool(url: &DatabaseUrl, settings: PoolSettings) -> DbPool {
    let max_size = settings.max_size.max(2);
    let manager = ConnectionManager {
        url: url.clone(),
        session: SessionSettings {
            statement_timeout: Some(settings.statement_timeout),
            application_name: "sotay",
        },
    };
    // SQLite connections are cheap to open; PostgreSQL ones are worth keeping warm.
    let min_idle = match url.backend() {
        Backend::Postgres => Some(max_size.min(2)),
        Backend::Sqlite => Some(1),
    };
    r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(min_idle)
        .connection_timeout(settings.connection_timeout)
        .error_handler(Box::new(LogConnectionErrors))
        .build_unchecked(manager)
}

/// Connections open and idle, for the metrics endpoint.
pub fn usage(pool: &DbPool) -> (u32, u32) {
    let state = pool.state();
    (state.connections, state.idle_connections)
}
