//! The names of members' cells, as far as a caller may see those cells.

use std::collections::HashMap;

use sotay_domain::access::Caller;
use sotay_domain::ids::OrgId;
use sotay_domain::org::OrgPath;
use sotay_persistence::members::MemberRow;
use sotay_persistence::orgs::{self, OrgRow};
use sotay_persistence::{DbConnection, DbError};

/// The names of the cells of some members, looked up in one query, as far as the caller may
/// see those cells: an organisation the caller may not see keeps its name to itself (its id
/// is all a colleague learns of a visitor's home cell).
#[derive(Debug, Default)]
pub struct CellNames(HashMap<OrgId, OrgRow>);

impl CellNames {
    /// For `caller`'s eyes.
    pub fn seen_by<'a>(
        connection: &mut DbConnection,
        members: impl IntoIterator<Item = &'a MemberRow>,
        caller: &Caller,
    ) -> Result<Self, DbError> {
        Self::load(connection, members, |path| caller.can_see_org(path))
    }

    /// A member's own cells, which they always see.
    pub fn own(connection: &mut DbConnection, member: &MemberRow) -> Result<Self, DbError> {
        Self::load(connection, [member], |_| true)
    }

    fn load<'a>(
        connection: &mut DbConnection,
        members: impl IntoIterator<Item = &'a MemberRow>,
        visible: impl Fn(&OrgPath) -> bool,
    ) -> Result<Self, DbError> {
        let mut ids: Vec<OrgId> = members
            .into_iter()
            .flat_map(|member| [Some(member.org_id), member.attached_org_id])
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let names = orgs::find_many(connection, &ids)?
            .into_iter()
            .filter(|org| visible(&org.path))
            .map(|org| (org.id, org))
            .collect();
        Ok(CellNames(names))
    }

    pub fn name(&self, id: OrgId) -> Option<String> {
        self.0.get(&id).map(|org| org.name.clone())
    }

    /// The whole organisation, when it was looked up and may be seen.
    pub fn org(&self, id: OrgId) -> Option<OrgRow> {
        self.0.get(&id).cloned()
    }
}
