//! Temporary passwords: generated, and set by a manager.

use sotay_domain::access;
use sotay_domain::password::Password;
use sotay_persistence::DbConnection;
use sotay_persistence::members::{self, MemberRow};

use super::{roles_held, visible_member};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::logins::end_all_sessions;
use crate::error::ApiError;

/// Twelve characters a person can read out and type on a phone: no 0/O, 1/l/I.
pub fn generate_temporary_password() -> Result<Password, ApiError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    // Bytes past the last whole multiple of the alphabet are dropped, so every letter is
    // equally likely.
    let usable = u8::try_from(256 - 256 % ALPHABET.len()).unwrap_or(u8::MAX);
    let mut text = String::with_capacity(12);
    while text.len() < 12 {
        let mut random = [0_u8; 32];
        getrandom::fill(&mut random).map_err(ApiError::internal)?;
        text.extend(
            random
                .iter()
                .filter(|b| **b < usable)
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .take(12 - text.len()),
        );
    }
    Password::parse(&text, &[]).map_err(ApiError::internal_invalid)
}

/// The member whose password the caller may reset: one they administer, never themselves
/// (one's own password is changed with the current one, `PUT /me/password`).
pub fn reset_target(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<MemberRow, ApiError> {
    let (row, _) = visible_member(connection, caller, id)?;
    if !may_reset(connection, caller, &row)? {
        return Err(ApiError::Forbidden);
    }
    Ok(row)
}

/// Sets a temporary password (its hash) on `target` and ends all their sessions. The right
/// is checked again where it is written: the positions may have changed while hashing.
pub fn set_temporary(
    connection: &mut DbConnection,
    signed: &Signed,
    target: &MemberRow,
    hash: &str,
    request_id: &str,
) -> Result<(), ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        if !may_reset(connection, caller, target)? {
            return Err(ApiError::Forbidden);
        }
        members::set_password(connection, target.id, hash, true)?;
        end_all_sessions(connection, target.id)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "member.password_reset",
                object_type: "member",
                object_id: &target.id,
                org_id: Some(&target.org_id),
                before: None,
                after: None,
                request_id: Some(request_id),
            },
        )
    })
}

fn may_reset(
    connection: &mut DbConnection,
    caller: &access::Caller,
    row: &MemberRow,
) -> Result<bool, ApiError> {
    let roles = roles_held(connection, row)?;
    Ok(caller.may_reset_password_of(row.id, &row.org_path, &roles))
}
