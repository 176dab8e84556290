//! The identity of this database (see the `instance` migration for why it exists).

use chrono::{SubsecRound, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as QueryError};

use crate::connection::DbConnection;
use crate::schema::instance;

/// The id of this database; created on first call and never changed afterwards.
pub fn ensure_instance_id(connection: &mut DbConnection) -> QueryResult<String> {
    if let Some(existing) = instance_id(connection)? {
        return Ok(existing);
    }
    let inserted = diesel::insert_into(instance::table)
        .values((
            instance::id.eq(1),
            instance::instance_id.eq(uuid::Uuid::now_v7().to_string()),
            // PostgreSQL keeps microseconds, SQLite nanoseconds: store what both keep.
            instance::created_at.eq(Utc::now().naive_utc().trunc_subsecs(6)),
        ))
        .execute(connection);
    match inserted {
        // Another node won the race: its id is the one.
        Ok(_) | Err(QueryError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            instance::table
                .select(instance::instance_id)
                .first(connection)
        }
        Err(other) => Err(other),
    }
}

pub fn instance_id(connection: &mut DbConnection) -> QueryResult<Option<String>> {
    instance::table
        .select(instance::instance_id)
        .first(connection)
        .optional()
}
