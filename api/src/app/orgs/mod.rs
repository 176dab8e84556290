//! Organisations as use cases see them: found only when the caller may see them.

pub mod tree;

use sotay_domain::Invalid;
use sotay_domain::access;
use sotay_domain::ids::OrgId;
use sotay_domain::org::OrgPath;
use sotay_domain::role::Authority;
use sotay_persistence::DbConnection;
use sotay_persistence::orgs::{self, OrgRow};
use sotay_persistence::scope::ListScope;

use crate::error::ApiError;

/// The organisation with `id`, if the caller may see it; 404 otherwise, whichever the reason.
pub fn visible_org(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<(OrgRow, OrgPath), ApiError> {
    let id = OrgId::from_text(id).ok_or(ApiError::NotFound)?;
    let org = orgs::find(connection, id)?.ok_or(ApiError::NotFound)?;
    if !caller.can_see_org(&org.path) {
        return Err(ApiError::NotFound);
    }
    let path = org.path.clone();
    Ok((org, path))
}

/// A list's filter by organisation: `Some(None)` for no filter, `Some(Some(path))` for that
/// subtree, and `None` when the organisation does not exist or is hidden, so that the list is
/// empty exactly as it would be for an organisation without content.
pub fn org_filter(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: Option<uuid::Uuid>,
) -> Result<Option<Option<OrgPath>>, ApiError> {
    let Some(id) = id else {
        return Ok(Some(None));
    };
    match visible_org(connection, caller, &id.to_string()) {
        Ok((_, path)) => Ok(Some(Some(path))),
        Err(ApiError::NotFound) => Ok(None),
        Err(other) => Err(other),
    }
}

/// An organisation named in a request body: missing and hidden ones are one validation error.
pub fn referenced_org(
    connection: &mut DbConnection,
    caller: &access::Caller,
    field: &str,
    id: &str,
) -> Result<(OrgRow, OrgPath), ApiError> {
    visible_org(connection, caller, id).map_err(|error| match error {
        ApiError::NotFound => ApiError::invalid(field, no_such_org()),
        other => other,
    })
}

pub fn no_such_org() -> Invalid {
    Invalid::new(
        "not_found",
        "Không có tổ chức này.",
        "No such organisation.",
    )
}

/// Which hosted objects (sessions, campaigns) the caller may list: those hosted where they
/// manage (drafts too), and published ones hosted or reaching where they have authority, or
/// reaching one of their own cells or an organisation above them.
pub fn list_scope(caller: &access::Caller) -> ListScope {
    if caller.is_system_admin() {
        return ListScope {
            everything: true,
            ..ListScope::default()
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
    ListScope {
        everything: false,
        runs: at_least(Authority::Manage),
        oversees: at_least(Authority::Oversee),
        reached_through,
    }
}
