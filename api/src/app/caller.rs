//! Who is calling: the member a verified access token names, as they are now.

use sotay_domain::access;
use sotay_domain::ids::MemberId;
use sotay_persistence::members::{self, MemberRow};
use sotay_persistence::positions::PositionWithPath;
use sotay_persistence::{DbConnection, clock};

use crate::error::ApiError;

/// What a verified access token says: whose it is and which session it belongs to.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub member_id: MemberId,
    /// The member's session epoch when the token was issued; a password change or "log out
    /// everywhere" moves it on, and every older token stops working.
    pub session_epoch: i32,
    /// Whether the endpoint serves a member who must still change a temporary password.
    pub temporary_password_allowed: bool,
    /// The sign-in (refresh-token family) the token belongs to, when it says.
    pub session_family: Option<String>,
}

/// The caller, loaded: the domain's view (home, attachment, roles held today), the stored
/// member and the positions they hold today.
pub struct Signed {
    pub caller: access::Caller,
    pub member: MemberRow,
    pub positions: Vec<PositionWithPath>,
    /// The member's id as text, as the audit trail and `created_by` columns record it.
    actor: String,
    /// The sign-in the request's token belongs to, when it says.
    pub session_family: Option<String>,
}

impl Signed {
    /// The member's id, as the audit trail and `created_by` columns record it.
    pub fn actor(&self) -> &str {
        &self.actor
    }
}

/// The member `credentials` name, with their current positions, in one statement. 401 when
/// the member is gone, may no longer log in or the token's session has ended; 403 when a
/// temporary password must be changed first and the endpoint does not allow that.
pub fn load(connection: &mut DbConnection, credentials: &Credentials) -> Result<Signed, ApiError> {
    let (member, positions) =
        members::with_current_positions(connection, credentials.member_id, clock::today())?
            .ok_or(ApiError::Unauthorized)?;
    let may_log_in = member.activity_status.may_log_in();
    if member.session_epoch != credentials.session_epoch || !may_log_in {
        return Err(ApiError::Unauthorized);
    }
    if member.must_change_password && !credentials.temporary_password_allowed {
        return Err(ApiError::PasswordChangeRequired);
    }
    let caller = access::Caller {
        member_id: member.id,
        home: member.org_path.clone(),
        attached: member.attached_org_path.clone(),
        roles: positions.iter().map(PositionWithPath::held_role).collect(),
    };
    Ok(Signed {
        caller,
        actor: member.id.to_string(),
        session_family: credentials.session_family.clone(),
        member,
        positions,
    })
}
