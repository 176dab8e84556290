//! Storage for sotay: the diesel schema, rows, queries and embedded migrations, for PostgreSQL
//! (production) and SQLite (the embedded default) from one code base.
//!
//! Queries take a `&mut DbConnection`, never the pool, so the same function runs inside or
//! outside a transaction.

pub mod connection;
pub mod data_fixes;
pub mod database_url;
pub mod error;
pub mod instance;
pub mod migrations;
pub mod pool;
pub mod schema;

pub use connection::DbConnection;
pub use database_url::{Backend, DatabaseUrl, DatabaseUrlError};
/// diesel's error types, for layers above that must not depend on diesel itself.
pub use diesel::result as diesel_error;
pub use error::DbError;
pub use pool::{DbPool, PoolSettings};
pub mod attachments;
pub mod audit;
pub mod campaigns;
pub mod clock;
pub mod documents;
pub mod members;
pub mod notifications;
pub mod orgs;
pub mod plans;
pub mod positions;
pub mod refresh_tokens;
pub mod scope;
pub mod sessions;
pub mod stored;
pub mod sync;
pub mod throttle;
pub mod typed;
