//! The use cases: one function per thing a caller can do, taking the request's connection and
//! the typed caller. They load with authorization, call the domain, store, audit and return
//! domain values; the endpoints in `routes` turn those into DTOs. No actix, no utoipa here.
//!
//! A request is one trip: [`as_caller`] takes one pooled connection, loads the caller on it
//! in one statement and runs the use case on the same connection.

pub mod audit;
mod blocking;
mod caller;
pub mod campaigns;
pub mod cards;
pub mod cells;
pub mod checks;
pub mod documents;
pub mod logins;
pub mod member_export;
pub mod member_import;
pub mod members;
pub mod notifications;
pub mod orgs;
pub mod own_password;
pub mod plans;
pub mod positions;
pub mod profile;
pub mod sessions;
pub mod sync;

pub use blocking::{blocking, with_connection, with_connection_within};
pub use caller::{Credentials, Signed, load as load_caller};

use sotay_persistence::DbConnection;

use crate::error::ApiError;
use crate::state::AppState;

/// Runs `work` for the member `credentials` name, on one pooled connection, off the actix
/// workers. The member is read first, on that connection: a suspended member, a changed
/// password (the session epoch) or an ended position takes effect on the next request.
pub async fn as_caller<T, F>(
    state: &AppState,
    credentials: Credentials,
    work: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, &Signed) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    with_connection(&state.pool, move |connection| {
        let signed = caller::load(connection, &credentials)?;
        work(connection, &signed)
    })
    .await
}
