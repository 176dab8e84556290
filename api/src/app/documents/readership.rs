//! Who should read a document's current version in a subtree, and who has.

use std::collections::HashMap;

use sotay_domain::access::{self, Visibility};
use sotay_domain::ids::OrgId;
use sotay_domain::org::OrgPath;
use sotay_persistence::members::MemberRow;
use sotay_persistence::{DbConnection, documents, orgs};

use super::visible_document;
use crate::app::orgs::referenced_org;
use crate::error::ApiError;

/// An expected reader who has not acknowledged the current version.
pub struct Pending {
    pub member: MemberRow,
    pub opened: bool,
    /// The cell they sit in inside the subtree: their own, or the one they are attached to.
    pub cell_id: OrgId,
    /// That cell's code and name.
    pub cell: Option<(String, String)>,
    /// Only when the caller may see it (they manage one of the member's cells).
    pub phone: Option<String>,
}

pub struct Readership {
    pub document_id: String,
    pub version: i32,
    pub org_id: String,
    pub expected: i64,
    pub opened: i64,
    pub acknowledged: i64,
    /// At most `limit` of them, by cell and name.
    pub pending: Vec<Pending>,
}

/// The report for the subtree of `org_id`, which the caller must manage; `limit` bounds the
/// pending readers listed.
pub fn report(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
    org_id: &str,
    limit: i64,
) -> Result<Readership, ApiError> {
    // One snapshot for the counts and the names, planned for this subtree's own paths.
    connection.read_transaction(|connection| {
        connection.plan_each_statement()?;
        let visible = visible_document(connection, caller, id)?;
        let (org, within) = referenced_org(connection, caller, "org_id", org_id)?;
        if !caller.can_manage(&within) {
            return Err(ApiError::Forbidden);
        }
        let targets: Vec<OrgPath> = visible
            .targets
            .iter()
            .map(|(_, path)| path.clone())
            .collect();
        let row = &visible.row;
        let counts = documents::readership(connection, row.id, row.version, &within, &targets)?;
        let pending =
            documents::pending_readers(connection, row.id, row.version, &within, &targets, limit)?;
        // Each member is reported at the cell where they sit inside the subtree: their own,
        // or the one they are attached to. A visitor's home cell may lie where the caller
        // cannot see.
        let mut pending: Vec<Pending> = pending
            .into_iter()
            .map(|(member, opened)| {
                let home_inside = within.contains(&member.org_path);
                let cell_id = match (member.attached_org_id, home_inside) {
                    (Some(attached), false) => attached,
                    _ => member.org_id,
                };
                let phone = member
                    .phone
                    .clone()
                    .filter(|_| member.visibility_to(caller) == Visibility::Full);
                Pending {
                    member,
                    opened,
                    cell_id,
                    cell: None,
                    phone,
                }
            })
            .collect();
        let mut ids: Vec<OrgId> = pending.iter().map(|p| p.cell_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let cells: HashMap<OrgId, (String, String)> = orgs::find_many(connection, &ids)?
            .into_iter()
            .map(|org| (org.id, (org.code, org.name)))
            .collect();
        for reader in &mut pending {
            reader.cell = cells.get(&reader.cell_id).cloned();
        }
        Ok(Readership {
            document_id: row.id.to_string(),
            version: row.version,
            org_id: org.id.to_string(),
            expected: counts.expected,
            opened: counts.opened,
            acknowledged: counts.acknowledged,
            pending,
        })
    })
}
