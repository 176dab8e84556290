//! Changing one's own password: the new one checked against the rules and the member's own
//! details, the current one verified off the pool (argon2), then one transaction that stores
//! the hash, ends every session and opens this one anew.

use sotay_domain::Invalid;
use sotay_domain::password::Password;
use sotay_persistence::DbConnection;
use sotay_persistence::members::{self, MemberRow};

use crate::app::audit::{self, Event};
use crate::app::logins::{self, IssuedSession};
use crate::auth::TokenIssuer;
use crate::error::ApiError;

/// The new password, if the rules accept it for this member (not their card or phone).
pub fn check_new(member: &MemberRow, new_password: &str) -> Result<Password, ApiError> {
    let personal: Vec<&str> = [Some(member.card_number.as_str()), member.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    Password::parse(new_password, &personal)
        .map_err(|invalid| ApiError::invalid("new_password", invalid))
}

/// The refusal of a current password that does not match (or could not: too long to be one).
pub fn wrong_current() -> ApiError {
    ApiError::invalid(
        "current_password",
        Invalid::new(
            "wrong_password",
            "Mật khẩu hiện tại không đúng.",
            "The current password is wrong.",
        ),
    )
}

/// Stores `hash` as the member's password, ends every session they hold, and starts a new one
/// for this device, in one transaction.
pub fn replace(
    connection: &mut DbConnection,
    tokens: &TokenIssuer,
    member: &MemberRow,
    hash: &str,
    request_id: &str,
) -> Result<IssuedSession, ApiError> {
    connection.write_transaction(|connection| {
        members::set_password(connection, member.id, hash, false)?;
        logins::end_all_sessions(connection, member.id)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(&member.id.to_string()),
                action: "member.password_changed",
                object_type: "member",
                object_id: &member.id,
                org_id: Some(&member.org_id),
                before: None,
                after: None,
                request_id: Some(request_id),
            },
        )?;
        let member = members::find(connection, member.id)?.ok_or(ApiError::Unauthorized)?;
        logins::start_session(tokens, connection, member)
    })
}
