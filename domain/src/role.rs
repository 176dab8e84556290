//! Positions a member can hold, and what each lets them do.

use crate::member::string_enum;
use crate::validation::Invalid;

string_enum!(
    /// A position held at one organisation (or, for the system administrator, above the tree).
    Role {
        /// Quản trị hệ thống: administers the whole system; held at no organisation.
        SystemAdmin => "system_admin",
        /// Bí thư.
        Secretary => "secretary",
        /// Phó bí thư.
        DeputySecretary => "deputy_secretary",
        /// Cấp ủy viên / chi ủy viên.
        CommitteeMember => "committee_member",
        /// Tổ trưởng tổ đảng.
        GroupLeader => "group_leader",
        /// Văn phòng: staff who administer the system for a committee.
        OfficeAdmin => "office_admin",
    }
);

/// How far a position reaches into its organisation's subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authority {
    /// Sees who is in the subtree (names and cells), as a colleague would.
    Oversee,
    /// Manages the subtree: creates and edits organisations, members and positions, and sees
    /// members' sensitive details.
    Manage,
}

impl Role {
    pub fn authority(self) -> Authority {
        match self {
            Role::SystemAdmin | Role::Secretary | Role::DeputySecretary | Role::OfficeAdmin => {
                Authority::Manage
            }
            Role::CommitteeMember | Role::GroupLeader => Authority::Oversee,
        }
    }

    /// The system administrator is held above the tree; every other role at an organisation.
    pub fn check_placement(self, has_org: bool) -> Result<(), Invalid> {
        match (self == Role::SystemAdmin, has_org) {
            (true, false) | (false, true) => Ok(()),
            (true, true) => Err(Invalid::new(
                "invalid_placement",
                "Quản trị hệ thống không gắn với tổ chức nào.",
                "The system administrator is held at no organisation.",
            )),
            (false, false) => Err(Invalid::new(
                "required",
                "Chức vụ này phải gắn với một tổ chức.",
                "This position must be held at an organisation.",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn managers_manage_and_committee_members_oversee() {
        assert_eq!(Role::Secretary.authority(), Authority::Manage);
        assert_eq!(Role::OfficeAdmin.authority(), Authority::Manage);
        assert_eq!(Role::CommitteeMember.authority(), Authority::Oversee);
        assert_eq!(Role::GroupLeader.authority(), Authority::Oversee);
    }

    #[test]
    fn only_the_system_administrator_is_held_above_the_tree() {
        assert!(Role::SystemAdmin.check_placement(false).is_ok());
        assert!(Role::SystemAdmin.check_placement(true).is_err());
        assert!(Role::Secretary.check_placement(true).is_ok());
        assert!(Role::Secretary.check_placement(false).is_err());
    }
}
