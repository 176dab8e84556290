//! Carrying out a change of standing (moves, attachment, status) that the domain decided
//! (`member::standing`), for the register and the CSV import alike: the memberships that close
//! and open, the member's new cells, and the end of their sessions.

use sotay_domain::ids::{MemberId, OrgId};
use sotay_domain::member::standing::{Consequences, MembershipKind};
use sotay_domain::org::OrgPath;
use sotay_persistence::members::{self, MemberChanges};
use sotay_persistence::{DbConnection, clock};

use super::open_membership;
use crate::app::logins::end_all_sessions;
use crate::error::ApiError;

/// A cell named by a change, looked up and checked by the caller's rules: its id and path.
pub type CheckedCell = (OrgId, OrgPath);

/// Writes what `done` does to the member `member_id`, adding the new cells and status to
/// `changes` (which the caller writes with the rest of the edit, in the same transaction).
pub fn carry_out(
    connection: &mut DbConnection,
    member_id: MemberId,
    done: Consequences<CheckedCell>,
    changes: &mut MemberChanges,
) -> Result<(), ApiError> {
    let today = clock::today();
    if let Some((org_id, path)) = done.moved_to {
        members::close_membership(connection, member_id, MembershipKind::Home, today)?;
        open_membership(connection, member_id, org_id, MembershipKind::Home)?;
        changes.org_id = Some(org_id.to_string());
        changes.org_path = Some(path.as_str().to_owned());
    }
    if let Some(attached) = done.attached_to {
        members::close_membership(connection, member_id, MembershipKind::Temporary, today)?;
        match attached {
            Some((org_id, path)) => {
                open_membership(connection, member_id, org_id, MembershipKind::Temporary)?;
                changes.attached_org_id = Some(Some(org_id.to_string()));
                changes.attached_org_path = Some(Some(path.as_str().to_owned()));
            }
            None => {
                changes.attached_org_id = Some(None);
                changes.attached_org_path = Some(None);
            }
        }
    }
    changes.activity_status = done.status.map(String::from);
    if done.ends_sessions {
        end_all_sessions(connection, member_id)?;
    }
    Ok(())
}
