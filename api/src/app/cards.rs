//! The electronic party card: issued to the caller, and checked online against the member's
//! standing now.

use chrono::{DateTime, Utc};
use sotay_domain::card::{self, CardCheck};
use sotay_domain::ids::MemberId;
use sotay_persistence::DbConnection;
use sotay_persistence::members;

use crate::app::Signed;
use crate::app::cells::CellNames;
use crate::auth::{CardClaims, CardSigner, Holder, IssuedCard, Reading};
use crate::error::ApiError;

/// The caller's card, signed now. Whoever may sign in holds one: a suspended or removed member
/// cannot sign in, so never gets here.
pub fn issue(
    connection: &mut DbConnection,
    signed: &Signed,
    signer: &CardSigner,
    now: DateTime<Utc>,
) -> Result<IssuedCard, ApiError> {
    let member = &signed.member;
    if !card::holds_card(member.activity_status) {
        return Err(ApiError::Unauthorized);
    }
    let cells = CellNames::own(connection, member)?;
    let cell_name = cells.name(member.org_id).unwrap_or_default();
    signer.issue(
        &Holder {
            member_id: member.id.to_string(),
            name: &member.full_name,
            card_number: &member.card_number,
            cell_id: member.org_id.to_string(),
            cell_name: &cell_name,
            party_status: member.party_status.as_str(),
        },
        now,
    )
}

/// What the online check found.
pub struct Verification {
    pub check: CardCheck,
    /// What the card says, when we signed it.
    pub claims: Option<CardClaims>,
}

/// Checks a card as an offline verifier would (our signature, a published key), then against
/// the member as they are now: suspended, removed, gone, or holding another card number since,
/// the card is revoked at once, whatever its expiry says.
pub fn verify(
    connection: &mut DbConnection,
    signer: &CardSigner,
    credential: &str,
    now: DateTime<Utc>,
) -> Result<Verification, ApiError> {
    let (claims, expired) = match signer.read(credential, now)? {
        Reading::Invalid => {
            return Ok(Verification {
                check: CardCheck::Invalid,
                claims: None,
            });
        }
        Reading::Signed { claims, expired } => (*claims, expired),
    };
    let check = if expired {
        CardCheck::Expired
    } else {
        let holder = match MemberId::from_text(&claims.sub) {
            Some(id) => members::find(connection, id)?,
            None => None,
        };
        let holds = holder.is_some_and(|member| {
            card::holds_card(member.activity_status) && member.card_number == claims.card
        });
        if holds {
            CardCheck::Valid
        } else {
            CardCheck::Revoked
        }
    };
    Ok(Verification {
        check,
        claims: Some(claims),
    })
}
