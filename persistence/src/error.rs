use diesel::result::{DatabaseErrorKind, Error as QueryError};

/// What can go wrong talking to the database, sorted by what the caller should do about it.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No connection could be had (pool exhausted, database down or unreachable): retry later.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// The schema is not what this build expects (a migration failed or is pending).
    #[error("database migration failed: {0}")]
    Migration(String),
    /// Any other failure of a statement.
    #[error(transparent)]
    Query(QueryError),
}

impl From<QueryError> for DbError {
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => DbError::Unavailable(info.message().to_owned()),
            other => DbError::Query(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for DbError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        DbError::Unavailable(error.to_string())
    }
}

impl From<diesel::ConnectionError> for DbError {
    fn from(error: diesel::ConnectionError) -> Self {
        DbError::Unavailable(error.to_string().trim().to_owned())
    }
}
