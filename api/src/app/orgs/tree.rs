//! The organisation tree: listed as far as the caller may see it, and changed by whoever
//! manages the place: created, renamed, re-coded, moved with its subtree, or deleted when empty.

use sotay_domain::Invalid;
use sotay_domain::access;
use sotay_domain::ids::OrgId;
use sotay_domain::org::{OrgCode, OrgKind, OrgName, OrgPath};
use sotay_persistence::orgs::{self, NewOrg, OrgChanges, OrgFilter, OrgRow};
use sotay_persistence::{DbConnection, clock};

use super::{org_filter, referenced_org, visible_org};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::error::ApiError;

/// What a list of organisations is narrowed to.
pub struct ListFilter {
    /// Only this organisation's subtree.
    pub within: Option<uuid::Uuid>,
    pub kind: Option<OrgKind>,
    pub parent_id: Option<uuid::Uuid>,
}

/// A new organisation, its fields parsed.
pub struct NewOrganisation {
    pub name: OrgName,
    pub kind: OrgKind,
    pub code: OrgCode,
    pub parent_id: Option<String>,
}

/// A change, its fields parsed; `None` leaves a field alone.
pub struct OrgEdit {
    pub name: Option<OrgName>,
    pub code: Option<OrgCode>,
    pub parent_id: Option<String>,
}

fn code_taken() -> ApiError {
    ApiError::conflict(
        "code_taken",
        "Mã tổ chức này đã được dùng.",
        "This organisation code is taken.",
    )
}

/// One page of the organisations the caller may see.
pub fn list(
    connection: &mut DbConnection,
    caller: &access::Caller,
    query: ListFilter,
    after: Option<&str>,
    fetch_limit: i64,
) -> Result<Vec<OrgRow>, ApiError> {
    let scope = caller.scope();
    let Some(within) = org_filter(connection, caller, query.within)? else {
        return Ok(Vec::new());
    };
    let parent_id = query.parent_id.map(|id| id.to_string());
    let filter = OrgFilter {
        within: within.as_ref(),
        kind: query.kind.map(OrgKind::as_str),
        parent_id: parent_id.as_deref(),
    };
    Ok(orgs::list(connection, &scope, &filter, after, fetch_limit)?)
}

/// Creates an organisation under a parent the caller manages (at the top: system
/// administrators only).
pub fn create(
    connection: &mut DbConnection,
    signed: &Signed,
    body: NewOrganisation,
    request_id: &str,
) -> Result<OrgRow, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    let NewOrganisation {
        name, kind, code, ..
    } = &body;
    connection.write_transaction(|connection| {
        let parent = match &body.parent_id {
            Some(id) => Some(referenced_org(connection, caller, "parent_id", id)?),
            None => None,
        };
        let allowed = match &parent {
            Some((_, path)) => caller.can_manage(path),
            None => caller.is_system_admin(),
        };
        if !allowed {
            return Err(ApiError::Forbidden);
        }
        let parent_kind = parent.as_ref().map(|(row, _)| row.kind);
        kind.may_sit_under(parent_kind)
            .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
        if orgs::find_by_code(connection, code.as_str())?.is_some() {
            return Err(code_taken());
        }
        let id = OrgId::new();
        let path = match &parent {
            Some((_, parent_path)) => parent_path.child(id),
            None => OrgPath::root(id),
        };
        OrgPath::check_depth(path.depth())
            .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
        let now = clock::now();
        let id = id.to_string();
        let row = orgs::insert(
            connection,
            &NewOrg {
                id: &id,
                parent_id: body.parent_id.as_deref(),
                path: path.as_str(),
                kind: kind.as_str(),
                name: name.as_str(),
                code: code.as_str(),
                created_at: now,
                updated_at: now,
            },
        )
        .map_err(|error| ApiError::unique_or(error, code_taken))?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "org.created",
                object_type: "org",
                object_id: &row.id,
                org_id: Some(&row.id),
                before: None,
                after: Some(org_snapshot(&row)),
                request_id: Some(request_id),
            },
        )?;
        Ok(row)
    })
}

/// Renames, re-codes or moves (with its subtree) an organisation the caller manages.
pub fn update(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    edit: OrgEdit,
    request_id: &str,
) -> Result<OrgRow, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    let OrgEdit { name, code, .. } = &edit;
    let body = &edit;
    connection.write_transaction(|connection| {
        let (before, path) = visible_org(connection, caller, id)?;
        if !caller.can_manage(&path) {
            return Err(ApiError::Forbidden);
        }
        if let Some(code) = &code
            && code.as_str() != before.code
            && orgs::find_by_code(connection, code.as_str())?.is_some()
        {
            return Err(code_taken());
        }
        if let Some(new_parent_id) = body.parent_id.as_deref().filter(|p| {
            before
                .parent_id
                .is_none_or(|current| current.to_string() != *p)
        }) {
            let (parent, parent_path) =
                referenced_org(connection, caller, "parent_id", new_parent_id)?;
            if !caller.can_manage(&parent_path) {
                return Err(ApiError::Forbidden);
            }
            if path.contains(&parent_path) {
                return Err(ApiError::invalid(
                    "parent_id",
                    Invalid::new(
                        "cycle",
                        "Không thể chuyển một tổ chức vào bên trong chính nó.",
                        "An organisation cannot move inside itself.",
                    ),
                ));
            }
            let kind = before.kind;
            let parent_kind = parent.kind;
            kind.may_sit_under(Some(parent_kind))
                .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
            let id = path.id().ok_or_else(|| ApiError::internal("empty path"))?;
            let new_path = parent_path.child(id);
            let deepest = orgs::deepest_depth_within(connection, &path)?;
            OrgPath::check_depth(deepest.saturating_sub(path.depth()) + new_path.depth())
                .map_err(|invalid| ApiError::invalid("parent_id", invalid))?;
            orgs::move_subtree(connection, before.id, parent.id, &path, &new_path)?;
        }
        orgs::update(
            connection,
            before.id,
            &OrgChanges {
                name: name.as_ref().map(OrgName::as_str),
                code: code.as_ref().map(OrgCode::as_str),
                updated_at: Some(clock::now()),
            },
        )
        .map_err(|error| ApiError::unique_or(error, code_taken))?;
        let after = orgs::find(connection, before.id)?.ok_or(ApiError::NotFound)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "org.updated",
                object_type: "org",
                object_id: &after.id,
                org_id: Some(&after.id),
                before: Some(org_snapshot(&before)),
                after: Some(org_snapshot(&after)),
                request_id: Some(request_id),
            },
        )?;
        Ok(after)
    })
}

/// Deletes an organisation with no sub-organisations, members or positions.
pub fn delete(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    request_id: &str,
) -> Result<(), ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
            let (org, path) = visible_org(connection, caller, id)?;
            let allowed = match &path.parent() {
                Some(parent) => caller.can_manage(parent),
                None => caller.is_system_admin(),
            };
            if !allowed {
                return Err(ApiError::Forbidden);
            }
            if orgs::dependants(connection, org.id)? > 0 {
                return Err(ApiError::conflict(
                    "org_not_empty",
                    "Tổ chức còn tổ chức con, đảng viên hoặc chức vụ: không thể xóa.",
                    "The organisation still has sub-organisations, members or positions: it cannot be deleted.",
                ));
            }
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "org.deleted",
                    object_type: "org",
                    object_id: &org.id,
                    org_id: org.parent_id.as_ref().map(|id| id as _),
                    before: Some(org_snapshot(&org)),
                    after: None,
                    request_id: Some(request_id),
                },
            )?;
            orgs::delete(connection, org.id)?;
            Ok(())
        })
}

fn org_snapshot(row: &OrgRow) -> serde_json::Value {
    serde_json::json!({
        "name": row.name,
        "code": row.code,
        "kind": row.kind.as_str(),
        "parent_id": row.parent_id.map(|id| id.to_string()),
    })
}
