//! Phones a member registers for push, and forgets.

use sotay_domain::ids::DeviceId;
use sotay_domain::notification::{DeviceToken, MAX_DEVICES_PER_MEMBER, Platform};
use sotay_persistence::notifications::devices_store::{self, DeviceRecord, DeviceRow};
use sotay_persistence::{DbConnection, clock};

use crate::app::Signed;
use crate::error::ApiError;

/// A registration, and whether it is new for this member (201) or one they had (200).
pub struct Registered {
    pub device: DeviceRow,
    pub created: bool,
}

/// Registers the caller's phone for push, tied to the sign-in of the request's token (logging
/// out of it forgets the phone). A token registered before, by anyone, moves to the caller:
/// the phone changed hands. A member's eleventh phone makes the longest unused one forgotten.
pub fn register(
    connection: &mut DbConnection,
    signed: &Signed,
    platform: Platform,
    token: DeviceToken,
) -> Result<Registered, ApiError> {
    let member = signed.member.id;
    let family = signed.session_family.clone();
    connection.write_transaction(|connection| {
        let before = devices_store::by_token(connection, token.as_str())?;
        let now = clock::now();
        devices_store::register(
            connection,
            &DeviceRecord {
                id: DeviceId::new(),
                member_id: member,
                platform,
                token: token.as_str().to_owned(),
                family_id: family,
                created_at: now,
                updated_at: now,
            },
        )?;
        let mine = devices_store::of_member(connection, member)?;
        let beyond: Vec<DeviceId> = mine
            .iter()
            .skip(MAX_DEVICES_PER_MEMBER)
            .map(|device| device.id)
            .collect();
        if !beyond.is_empty() {
            devices_store::remove_many(connection, &beyond)?;
        }
        let device = mine
            .into_iter()
            .find(|device| device.token == token.as_str())
            .ok_or_else(|| ApiError::internal("a registered device is missing"))?;
        let created = before.is_none_or(|before| before.member_id != member);
        Ok(Registered { device, created })
    })
}

/// Forgets one of the caller's phones; another member's answers 404.
pub fn forget(connection: &mut DbConnection, signed: &Signed, id: &str) -> Result<(), ApiError> {
    let id = DeviceId::from_text(id).ok_or(ApiError::NotFound)?;
    let member = signed.member.id;
    connection.write_transaction(|connection| {
        match devices_store::remove(connection, member, id)? {
            0 => Err(ApiError::NotFound),
            _ => Ok(()),
        }
    })
}
