//! One connection type for both backends, and the session settings every connection gets.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError, QueryResult};

use crate::database_url::DatabaseUrl;

/// A connection to whichever backend `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgresql(PgConnection),
    Sqlite(SqliteConnection),
}

/// How long SQLite waits for a competing writer before answering "database is locked".
const SQLITE_BUSY_TIMEOUT_MS: u64 = 5_000;

/// Session settings applied to every new connection.
#[derive(Debug, Clone, Copy)]
pub struct SessionSettings {
    /// PostgreSQL cancels a statement that runs longer; `None` for migrations, which may be slow.
    pub statement_timeout: Option<Duration>,
    /// Shown in `pg_stat_activity`, so operators can tell the server from the migrator.
    pub application_name: &'static str,
}

impl DbConnection {
    /// Runs `work` in a transaction meant to write.
    ///
    /// On SQLite the write lock is taken up front (`BEGIN IMMEDIATE`): a deferred transaction
    /// that reads first and writes later fails at once with "database is locked" when another
    /// writer committed in between, whatever `busy_timeout` says; an immediate one waits its
    /// turn. PostgreSQL needs nothing special. Inside another transaction this is a savepoint.
    pub fn write_transaction<T, E, F>(&mut self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        let DbConnection::Sqlite(inner) = self else {
            return self.transaction(work);
        };
        let nested = AnsiTransactionManager::transaction_manager_status_mut(inner)
            .transaction_depth()?
            .is_some();
        if nested {
            return self.transaction(work);
        }
        AnsiTransactionManager::begin_transaction_sql(&mut *inner, "BEGIN IMMEDIATE")?;
        let outcome = work(self);
        let DbConnection::Sqlite(inner) = self else {
            return outcome;
        };
        match outcome {
            Ok(value) => {
                AnsiTransactionManager::commit_transaction(inner)?;
                Ok(value)
            }
            Err(error) => {
                if let Err(rollback) = AnsiTransactionManager::rollback_transaction(inner) {
                    tracing::error!(%rollback, "rollback failed");
                }
                Err(error)
            }
        }
    }

    /// Runs `work` in a transaction that only reads, on one consistent snapshot: PostgreSQL's
    /// `REPEATABLE READ, READ ONLY` (its default gives each statement a snapshot of its own),
    /// and on SQLite a deferred transaction, which takes no write lock. A write inside fails;
    /// use `write_transaction` for those. Inside another transaction this is a savepoint of it.
    pub fn read_transaction<T, E, F>(&mut self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        let outermost = match self {
            DbConnection::Postgresql(inner) => {
                AnsiTransactionManager::transaction_manager_status_mut(inner)
                    .transaction_depth()?
                    .is_none()
            }
            DbConnection::Sqlite(_) => false,
        };
        self.transaction(|connection| {
            if outermost {
                // Only the first statement of a transaction may set its mode.
                connection
                    .batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
            }
            work(connection)
        })
    }

    /// Makes PostgreSQL plan each statement of the current transaction for its own bound
    /// values. diesel prepares every statement, and after five runs PostgreSQL may switch to a
    /// generic plan that cannot see the bound path ranges of a subtree query: measured on
    /// 100,000 members (bench/documents.sh), a readership count went from ~0.1 s to ~0.5 s on
    /// the generic plan. Only such reports ask for it; every other statement keeps its cached
    /// plan. Nothing to do on SQLite, which plans each run anyway.
    pub fn plan_each_statement(&mut self) -> QueryResult<()> {
        match self {
            DbConnection::Postgresql(connection) => {
                connection.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan")
            }
            DbConnection::Sqlite(_) => Ok(()),
        }
    }

    /// Opens a connection, choosing the driver from the URL ourselves: `AnyConnection`-style
    /// guessing would hide the driver's real error ("connection refused", "no such file").
    pub fn open(url: &DatabaseUrl, session: SessionSettings) -> Result<Self, ConnectionError> {
        let mut connection = match url {
            DatabaseUrl::Postgres(_) => {
                DbConnection::Postgresql(PgConnection::establish(&url.connection_string())?)
            }
            DatabaseUrl::Sqlite(path) => {
                // SQLite would create the file in any existing folder, but a missing folder is
                // almost always a typo: say so instead of "unable to open database file".
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
                    && !parent.is_dir()
                {
                    return Err(ConnectionError::BadConnection(format!(
                        "the folder {} for the SQLite database does not exist",
                        parent.display()
                    )));
                }
                DbConnection::Sqlite(SqliteConnection::establish(&url.connection_string())?)
            }
        };
        connection
            .apply_session_settings(session)
            .map_err(ConnectionError::CouldntSetupConfiguration)?;
        Ok(connection)
    }

    fn apply_session_settings(&mut self, session: SessionSettings) -> QueryResult<()> {
        match self {
            DbConnection::Postgresql(connection) => {
                let timeout_ms = session.statement_timeout.map_or(0, |t| t.as_millis());
                connection.batch_execute(&format!(
                    "SET statement_timeout = {timeout_ms}; SET application_name = '{}';",
                    session.application_name
                ))
            }
            // WAL lets readers work while one writer writes. synchronous=NORMAL is safe with WAL
            // against corruption; a power cut may lose the last commits, which we accept for the
            // embedded default (production runs PostgreSQL).
            DbConnection::Sqlite(connection) => connection.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
                 PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;"
            )),
        }
    }
}

/// Runs the same code on the inner connection of either backend, for what diesel does not
/// compile through the `MultiConnection` enum (multi-row inserts, `ON CONFLICT`).
macro_rules! on_each_backend {
    ($connection:expr, |$inner:ident| $body:expr) => {
        match $connection {
            $crate::connection::DbConnection::Postgresql($inner) => $body,
            $crate::connection::DbConnection::Sqlite($inner) => $body,
        }
    };
}
pub(crate) use on_each_backend;
