//! The sessions a caller is invited to, oversees or runs.

use chrono::NaiveDateTime;
use sotay_domain::access::Caller;
use sotay_persistence::DbConnection;
use sotay_persistence::sessions::{self, SessionFilter, SessionRow};

use crate::app::orgs::org_filter;
use crate::error::ApiError;

/// Filters of the list, as asked.
#[derive(Debug, Default)]
pub struct Query {
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub org_id: Option<uuid::Uuid>,
}

/// One page of sessions in start order, after `after`.
pub fn list(
    connection: &mut DbConnection,
    caller: &Caller,
    query: &Query,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<SessionRow>, ApiError> {
    // An organisation the caller may not see filters to nothing, as an empty one would.
    let Some(within) = org_filter(connection, caller, query.org_id)? else {
        return Ok(Vec::new());
    };
    let filter = SessionFilter {
        from: query.from,
        to: query.to,
        within: within.as_ref(),
    };
    Ok(sessions::list(
        connection,
        &crate::app::orgs::list_scope(caller),
        &filter,
        after,
        limit,
    )?)
}
