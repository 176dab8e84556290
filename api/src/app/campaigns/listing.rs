//! The campaigns a caller runs, oversees or is reached by.

use sotay_domain::access::Caller;
use sotay_domain::ids::DocumentId;
use sotay_persistence::DbConnection;
use sotay_persistence::campaigns::{self, CampaignFilter, CampaignRow};

use crate::app::orgs::{list_scope, org_filter};
use crate::error::ApiError;

/// Filters of the list, as asked.
#[derive(Debug, Default)]
pub struct Query {
    pub document_id: Option<uuid::Uuid>,
    pub org_id: Option<uuid::Uuid>,
}

/// One page of campaigns by deadline, after `after`.
pub fn list(
    connection: &mut DbConnection,
    caller: &Caller,
    query: &Query,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<CampaignRow>, ApiError> {
    // An organisation the caller may not see filters to nothing, as an empty one would.
    let Some(within) = org_filter(connection, caller, query.org_id)? else {
        return Ok(Vec::new());
    };
    let filter = CampaignFilter {
        document_id: query.document_id.map(DocumentId::from_uuid),
        within: within.as_ref(),
    };
    Ok(campaigns::list(
        connection,
        &list_scope(caller),
        &filter,
        after,
        limit,
    )?)
}
