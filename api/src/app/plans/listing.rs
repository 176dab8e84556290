//! Lists of plans: the caller's own, or a subtree's for its managers.

use sotay_domain::access::Caller;
use sotay_domain::ids::DocumentId;
use sotay_domain::plan::PlanStatus;
use sotay_persistence::DbConnection;
use sotay_persistence::plans::{self, PlanFilter, PlanRow};
use sotay_persistence::sessions::RollMember;

use crate::app::orgs::referenced_org;
use crate::error::ApiError;

/// Filters of the list, as asked.
#[derive(Debug, Default)]
pub struct Query {
    /// The subtree whose handed-in plans its managers list; the caller's own plans when
    /// absent.
    pub org_id: Option<String>,
    pub document_id: Option<uuid::Uuid>,
    pub year: Option<i32>,
    pub status: Option<PlanStatus>,
}

/// One page of plans, oldest first, after `after`.
pub fn list(
    connection: &mut DbConnection,
    caller: &Caller,
    query: &Query,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(PlanRow, RollMember)>, ApiError> {
    let within = match &query.org_id {
        None => None,
        Some(org_id) => {
            let (_, within) = referenced_org(connection, caller, "org_id", org_id)?;
            if !caller.can_manage(&within) {
                return Err(ApiError::Forbidden);
            }
            Some(within)
        }
    };
    let filter = PlanFilter {
        owner: within.is_none().then_some(caller.member_id),
        within: within.as_ref(),
        document_id: query.document_id.map(DocumentId::from_uuid),
        year: query.year,
        status: query.status,
    };
    Ok(plans::list(connection, &filter, after, limit)?)
}
