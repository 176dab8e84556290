//! The ids a session's plan names, checked against what the caller may see and run.

use sotay_domain::Invalid;
use sotay_domain::ids::{DocumentId, MemberId, OrgId, SessionId};
use sotay_domain::org::OrgPath;
use sotay_domain::session::{self, SessionKind};
use sotay_persistence::DbConnection;

use super::Plan;
use crate::app::Signed;
use crate::app::checks::{count_between, not_found_as_invalid};
use crate::app::documents::visible_document;
use crate::app::members::visible_member;
use crate::app::orgs::referenced_org;
use crate::app::sessions::visible_session;
use crate::error::ApiError;

/// The checked references of a plan.
pub(super) struct References {
    pub host: (OrgId, OrgPath),
    pub invited: Vec<OrgId>,
    pub documents: Vec<DocumentId>,
    pub makeup_of: Option<SessionId>,
    pub chair: Option<MemberId>,
    pub minute_taker: Option<MemberId>,
}

/// Checks every id a plan names: the host is managed by the caller, the invited lie in the
/// host's subtree, and the documents, the session made up for and the people named are ones
/// the caller may see. A reference the caller may not see is refused as one that does not
/// exist.
pub(super) fn check_references(
    connection: &mut DbConnection,
    signed: &Signed,
    plan: &Plan,
    fresh: Fresh,
) -> Result<References, ApiError> {
    let caller = &signed.caller;
    let (host, host_path) = referenced_org(connection, caller, "host_org_id", &plan.host_org_id)?;
    if !caller.can_manage(&host_path) {
        return Err(ApiError::Forbidden);
    }
    if plan.mode.needs_link() && plan.online_url.is_none() {
        return Err(ApiError::invalid("online_url", Invalid::required()));
    }
    count_between(
        "invited_org_ids",
        plan.invited_org_ids.len(),
        1,
        session::MAX_INVITED_ORGS,
    )?;
    count_between(
        "document_ids",
        plan.document_ids.len(),
        0,
        session::MAX_MATERIALS,
    )?;
    let mut invited = Vec::new();
    for (index, id) in plan.invited_org_ids.iter().enumerate() {
        if !fresh.invited {
            invited.push(stored(OrgId::from_text(id))?);
            continue;
        }
        let field = format!("invited_org_ids[{index}]");
        let (org, path) = referenced_org(connection, caller, &field, id)?;
        if !host_path.contains(&path) {
            return Err(ApiError::invalid(&field, outside_host()));
        }
        if !invited.contains(&org.id) {
            invited.push(org.id);
        }
    }
    let mut documents = Vec::new();
    for (index, id) in plan.document_ids.iter().enumerate() {
        if !fresh.documents {
            documents.push(stored(DocumentId::from_text(id))?);
            continue;
        }
        let field = format!("document_ids[{index}]");
        let document = visible_document(connection, caller, id)
            .map_err(|error| not_found_as_invalid(error, &field))?;
        if !documents.contains(&document.row.id) {
            documents.push(document.row.id);
        }
    }
    let makeup_of = match &plan.makeup_of {
        None => None,
        Some(_) if plan.kind != SessionKind::Makeup => {
            return Err(ApiError::invalid("makeup_of", only_for_makeup()));
        }
        Some(id) if !fresh.makeup_of => Some(stored(SessionId::from_text(id))?),
        Some(id) => {
            let made_up = visible_session(connection, caller, id)
                .map_err(|error| not_found_as_invalid(error, "makeup_of"))?;
            Some(made_up.stored.row.id)
        }
    };
    let mut person = |field: &str, id: &Option<String>, fresh: bool| {
        id.as_deref()
            .map(|id| match fresh {
                false => stored(MemberId::from_text(id)),
                true => visible_member(connection, caller, id)
                    .map(|(member, _)| member.id)
                    .map_err(|error| not_found_as_invalid(error, field)),
            })
            .transpose()
    };
    let chair = person("chair_id", &plan.chair_id, fresh.chair)?;
    let minute_taker = person("minute_taker_id", &plan.minute_taker_id, fresh.minute_taker)?;
    Ok(References {
        host: (host.id, host_path),
        invited,
        documents,
        makeup_of,
        chair,
        minute_taker,
    })
}

/// Which ids of a plan are new, and checked: an edit checks what it changes, and keeps the
/// rest as stored (a chair who has since moved away does not block closing the session).
#[derive(Debug, Clone, Copy)]
pub(super) struct Fresh {
    pub invited: bool,
    pub documents: bool,
    pub makeup_of: bool,
    pub chair: bool,
    pub minute_taker: bool,
}

impl Fresh {
    /// A new session: every id is checked.
    pub const ALL: Fresh = Fresh {
        invited: true,
        documents: true,
        makeup_of: true,
        chair: true,
        minute_taker: true,
    };
}

/// An id read back from storage, which only the server writes.
fn stored<T>(id: Option<T>) -> Result<T, ApiError> {
    id.ok_or_else(|| ApiError::internal("a stored id does not read"))
}

fn outside_host() -> Invalid {
    Invalid::new(
        "outside_host",
        "Chỉ mời các tổ chức thuộc tổ chức chủ trì.",
        "Only organisations inside the host are invited.",
    )
}

fn only_for_makeup() -> Invalid {
    Invalid::new(
        "only_for_makeup",
        "Chỉ buổi học bù (makeup) mới ghi buổi được bù.",
        "Only a make-up session names the session it makes up for.",
    )
}
