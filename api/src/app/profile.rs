//! The caller's own profile: their record, cells, positions, and what waits for them.

use sotay_domain::document::DocumentStatus;
use sotay_persistence::DbConnection;
use sotay_persistence::documents::{self, DocumentFilter, Reach};
use sotay_persistence::members::MemberRow;
use sotay_persistence::orgs::OrgRow;
use sotay_persistence::positions::PositionWithPath;

use crate::app::Signed;
use crate::app::cells::CellNames;
use crate::error::ApiError;

pub struct Profile {
    pub member: MemberRow,
    pub cells: CellNames,
    pub cell: OrgRow,
    pub attached_cell: Option<OrgRow>,
    pub positions: Vec<PositionWithPath>,
    /// Published documents whose current version the caller has not opened.
    pub unread: i64,
    /// Documents required of the caller whose current version they have not acknowledged.
    pub required_unacknowledged: i64,
}

/// The caller's profile: two statements after the caller's own (both counts, the cells).
pub fn of(connection: &mut DbConnection, signed: &Signed) -> Result<Profile, ApiError> {
    let (caller, member) = (&signed.caller, &signed.member);
    let member_id = signed.actor();
    let reach = Reach::of(caller);
    let published = Some(DocumentStatus::Published.as_str());
    let unread = DocumentFilter {
        status: published,
        unread_by: Some(member_id),
        ..DocumentFilter::default()
    };
    let required_unacknowledged = DocumentFilter {
        status: published,
        unacknowledged_by: Some(member_id),
        required_through: Some(reach.reader_org_ids.clone()),
        ..DocumentFilter::default()
    };
    let (unread, required_unacknowledged) =
        documents::count_both(connection, &reach, &unread, &required_unacknowledged)?;
    // The member's cell and the one they are attached to, with their names, in one query.
    let cells = CellNames::own(connection, member)?;
    let cell = cells
        .org(member.org_id)
        .ok_or_else(|| ApiError::internal("member without cell"))?;
    let attached_cell = member.attached_org_id.and_then(|id| cells.org(id));
    Ok(Profile {
        member: member.clone(),
        cells,
        cell,
        attached_cell,
        positions: signed.positions.clone(),
        unread,
        required_unacknowledged,
    })
}
