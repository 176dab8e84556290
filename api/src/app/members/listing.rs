//! Reading members: the list a caller may see, and one member.

use sotay_domain::access::{self, Visibility};
use sotay_domain::member::ActivityStatus;
use sotay_persistence::DbConnection;
use sotay_persistence::members::{self, MemberFilter, MemberRow};

use super::visible_member;
use crate::app::cells::CellNames;
use crate::app::orgs::org_filter;
use crate::error::ApiError;

/// What a list of members is narrowed to.
pub struct ListFilter {
    /// Members placed in this organisation's subtree (own or temporarily attached).
    pub org_id: Option<uuid::Uuid>,
    pub status: Option<ActivityStatus>,
    /// Folded words of a name, or a card number.
    pub search: Option<String>,
}

/// One page of the members the caller may see, each with how much of them. Card numbers and
/// statuses are shown to managers only, so filtering by them is too: a colleague must not
/// learn them one guess at a time.
pub fn list(
    connection: &mut DbConnection,
    caller: &access::Caller,
    filter: ListFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<(Vec<(MemberRow, Visibility)>, CellNames), ApiError> {
    let by_card = filter
        .search
        .as_ref()
        .is_some_and(|q| q.bytes().any(|b| b.is_ascii_digit()));
    let scope = if by_card || filter.status.is_some() {
        caller.managed_scope()
    } else {
        caller.scope()
    };
    let Some(within) = org_filter(connection, caller, filter.org_id)? else {
        return Ok((Vec::new(), CellNames::default()));
    };
    let query = MemberFilter {
        within: within.as_ref(),
        activity_status: filter.status.map(ActivityStatus::as_str),
        name_query: filter.search.as_deref().filter(|_| !by_card),
        card_query: filter.search.as_deref().filter(|_| by_card),
    };
    let rows = members::list(connection, &scope, &query, after, limit)?;
    let cells = CellNames::seen_by(connection, &rows, caller)?;
    // The query already keeps to the caller's scope; the check per row is the second lock.
    let rows = rows
        .into_iter()
        .map(|row| {
            let seen = row.visibility_to(caller);
            Ok((row, seen))
        })
        .collect::<Result<_, ApiError>>()?;
    Ok((rows, cells))
}

/// One member the caller may see, with how much of them.
pub fn get(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<(MemberRow, Visibility, CellNames), ApiError> {
    let (row, seen) = visible_member(connection, caller, id)?;
    let cells = CellNames::seen_by(connection, [&row], caller)?;
    Ok((row, seen, cells))
}
