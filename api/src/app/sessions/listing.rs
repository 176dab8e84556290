//! The sessions a caller is invited to, oversees or runs.

use chrono::NaiveDateTime;
use sotay_domain::access::Caller;
use sotay_domain::ids::OrgId;
use sotay_domain::role::Authority;
use sotay_persistence::DbConnection;
use sotay_persistence::sessions::{self, SessionFilter, SessionRow, SessionScope};

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
        &scope_of(caller),
        &filter,
        after,
        limit,
    )?)
}

/// Which sessions the caller may list: those hosted where they manage (drafts too), and
/// published ones hosted or inviting where they have authority, or inviting one of their own
/// cells or an organisation above them.
fn scope_of(caller: &Caller) -> SessionScope {
    if caller.is_system_admin() {
        return SessionScope {
            everything: true,
            ..SessionScope::default()
        };
    }
    let at_least = |authority: Authority| {
        caller
            .roles
            .iter()
            .filter(move |held| held.role.authority() >= authority)
            .filter_map(|held| held.at.clone())
            .collect::<Vec<_>>()
    };
    let mut reached_through: Vec<OrgId> = caller.home.ids().collect();
    if let Some(attached) = &caller.attached {
        reached_through.extend(attached.ids());
    }
    reached_through.sort();
    reached_through.dedup();
    SessionScope {
        everything: false,
        runs: at_least(Authority::Manage),
        oversees: at_least(Authority::Oversee),
        reached_through,
    }
}
