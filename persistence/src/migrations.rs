//! Embedded migrations, one folder per backend (their SQL differs), run at start-up or by
//! `sotay migrate`.

use diesel::connection::SimpleConnection;
use diesel::migration::MigrationVersion;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::connection::DbConnection;
use crate::data_fixes;
use crate::error::DbError;

const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Any constant works; it only has to be the same for every server node.
const PG_MIGRATION_LOCK: i64 = 0x0073_6f74_6179; // "sotay" in ASCII

/// Runs the same harness call against whichever backend `connection` holds.
macro_rules! with_harness {
    ($connection:expr, |$harness:ident, $source:ident| $body:expr) => {
        match $connection {
            DbConnection::Postgresql($harness) => {
                let $source = POSTGRES;
                $body
            }
            DbConnection::Sqlite($harness) => {
                let $source = SQLITE;
                $body
            }
        }
    };
}

fn migration_error(error: impl std::fmt::Display) -> DbError {
    DbError::Migration(error.to_string())
}

/// Brings the schema up to date and returns the versions applied now.
///
/// Several server nodes may start at once: on PostgreSQL they first check for pending work
/// without a lock, then serialise on an advisory lock, so the common "nothing to do" start takes
/// no lock at all. SQLite has one writer by construction.
pub fn run_pending(connection: &mut DbConnection) -> Result<Vec<String>, DbError> {
    if !has_pending(connection)? {
        return Ok(Vec::new());
    }
    one_node_at_a_time(connection, |connection| {
        with_harness!(connection, |harness, source| harness
            .run_pending_migrations(source)
            .map(|versions| versions.iter().map(ToString::to_string).collect())
            .map_err(migration_error))
    })
}

/// Runs `work` holding the migration lock on PostgreSQL (SQLite has one writer anyway).
fn one_node_at_a_time<T>(
    connection: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, DbError>,
) -> Result<T, DbError> {
    let lock = matches!(connection, DbConnection::Postgresql(_));
    if lock {
        connection.batch_execute(&format!("SELECT pg_advisory_lock({PG_MIGRATION_LOCK})"))?;
    }
    let outcome = work(connection);
    if lock {
        connection.batch_execute(&format!("SELECT pg_advisory_unlock({PG_MIGRATION_LOCK})"))?;
    }
    outcome
}

pub fn has_pending(connection: &mut DbConnection) -> Result<bool, DbError> {
    with_harness!(connection, |harness, source| harness
        .has_pending_migration(source)
        .map_err(migration_error))
}

/// The newest applied migration's version, e.g. `20261125000000`; `None` on an empty database.
pub fn schema_version(connection: &mut DbConnection) -> Result<Option<String>, DbError> {
    let applied: Vec<MigrationVersion<'static>> = with_harness!(connection, |harness, _source| {
        MigrationHarness::applied_migrations(harness).map_err(migration_error)
    })?;
    Ok(applied.iter().map(ToString::to_string).max())
}

/// Reverts every migration. For tests and disaster recovery, never called by the server.
pub fn revert_all(connection: &mut DbConnection) -> Result<Vec<String>, DbError> {
    with_harness!(connection, |harness, source| harness
        .revert_all_migrations(source)
        .map(|versions| versions.iter().map(ToString::to_string).collect())
        .map_err(migration_error))
}

/// Reverts the newest migration and returns its version. For tests (a database as an older
/// release left it) and disaster recovery, never called by the server.
pub fn revert_last(connection: &mut DbConnection) -> Result<String, DbError> {
    with_harness!(connection, |harness, source| harness
        .revert_last_migration(source)
        .map(|version| version.to_string())
        .map_err(migration_error))
}

/// What `sotay migrate` and the server's start-up do: the schema, the data fixes it brought
/// (checked without the lock first, like the schema), then the rows every database must have.
pub fn migrate(connection: &mut DbConnection) -> Result<Vec<String>, DbError> {
    let applied = run_pending(connection)?;
    if data_fixes::any_pending(connection)? {
        one_node_at_a_time(connection, data_fixes::run_pending)?;
    }
    data_fixes::fill_missing_keys(connection)?;
    crate::instance::ensure_instance_id(connection)?;
    Ok(applied)
}
