//! Running blocking work (diesel) off the actix workers; argon2 has threads of its own
//! (`auth::passwords`).

use std::time::Duration;

use sotay_persistence::pool::was_lost;
use sotay_persistence::{DbConnection, DbPool};

use crate::error::ApiError;

/// Runs `work` on the blocking thread pool, inside the current request's tracing span so its
/// logs keep the request id.
pub async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || span.in_scope(work))
        .await
        .map_err(ApiError::internal)?
}

/// Runs `work` with a pooled connection, off the actix workers. While the database is known to
/// be unreachable the answer is a 503 at once, without taking a blocking thread.
pub async fn with_connection<T, F>(pool: &DbPool, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    with_connection_within(pool, pool.connection_timeout(), work).await
}

/// Like [`with_connection`], but gives up on the pool after `wait` instead of the pool's own
/// timeout: for health checks, which must answer quickly even when the database is gone.
pub async fn with_connection_within<T, F>(
    pool: &DbPool,
    wait: Duration,
    work: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    if let Some(error) = pool.refuse_now() {
        return Err(error.into());
    }
    let pool = pool.clone();
    blocking(move || {
        let mut connection = pool.checkout(wait)?;
        match work(&mut connection) {
            Err(error) if was_lost(&mut connection) => match error {
                ApiError::DatabaseUnavailable(_) => Err(error),
                other => Err(ApiError::DatabaseUnavailable(other.to_string())),
            },
            outcome => outcome,
        }
    })
    .await
}
