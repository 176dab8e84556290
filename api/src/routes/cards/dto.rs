//! Cards, their check and their keys, as the API shows them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::card::CardCheck;
use sotay_domain::validation::{Invalid, Violations};
use utoipa::ToSchema;

use crate::auth::{CardClaims, IssuedCard, PublicKey};
use crate::error::ApiError;

pub const MAX_CREDENTIAL_CHARS: usize = 2048;

/// Who a card names.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardHolderResponse {
    #[schema(format = Uuid)]
    pub member_id: String,
    #[schema(max_length = 100)]
    pub full_name: String,
    #[schema(max_length = 32)]
    pub card_number: String,
    #[schema(format = Uuid)]
    pub cell_id: String,
    #[schema(max_length = 200)]
    pub cell_name: String,
    /// `official` or `probationary`.
    #[schema(max_length = 20)]
    pub party_status: String,
}

impl From<CardClaims> for CardHolderResponse {
    fn from(claims: CardClaims) -> Self {
        CardHolderResponse {
            member_id: claims.sub,
            full_name: claims.name,
            card_number: claims.card,
            cell_id: claims.cell_id,
            cell_name: claims.cell,
            party_status: claims.status,
        }
    }
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// The caller's electronic party card.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardResponse {
    /// The card as a compact JWS (EdDSA, Ed25519): what the QR code holds. Its header's `kid`
    /// names the key in `GET /cards/keys` that verifies it; its claims are `sub` (member id),
    /// `name`, `card` (card number), `cell_id`, `cell`, `status`, `iat`, `exp`, with
    /// `iss` = `sotay` and `typ` = `party_card`.
    #[schema(
        max_length = 2048,
        pattern = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
    )]
    pub credential: String,
    /// Always `EdDSA`.
    #[schema(max_length = 10)]
    pub algorithm: String,
    #[schema(max_length = 40)]
    pub key_id: String,
    pub issued_at: DateTime<Utc>,
    /// Refresh the card before this; offline, it stops verifying then.
    pub expires_at: DateTime<Utc>,
    pub holder: CardHolderResponse,
}

impl From<IssuedCard> for CardResponse {
    fn from(card: IssuedCard) -> Self {
        CardResponse {
            credential: card.credential,
            algorithm: "EdDSA".to_owned(),
            key_id: card.key_id,
            issued_at: instant(card.claims.iat),
            expires_at: instant(card.claims.exp),
            holder: card.claims.into(),
        }
    }
}

/// A card to check, as scanned from its QR code.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"credential": "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSIsImtpZCI6ImNhcmQtMjk2MCJ9.eyJpc3MiOiJzb3RheSJ9.c2lnbmF0dXJl"}))]
pub struct VerifyCardRequest {
    #[schema(
        min_length = 5,
        max_length = 2048,
        pattern = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"
    )]
    pub credential: String,
}

/// A card is a credential: never printed.
impl std::fmt::Debug for VerifyCardRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("VerifyCardRequest { credential: [REDACTED] }")
    }
}

impl VerifyCardRequest {
    pub fn checked(&self) -> Result<&str, ApiError> {
        let mut violations = Violations::new();
        let shaped = self.credential.len() <= MAX_CREDENTIAL_CHARS
            && self.credential.split('.').count() == 3
            && self.credential.split('.').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
            });
        if !shaped {
            violations.add(
                "credential",
                Invalid::new(
                    "invalid_format",
                    "Không phải thẻ đảng viên điện tử (chuỗi JWS dạng rút gọn).",
                    "Not an electronic party card (a compact JWS).",
                ),
            );
        }
        violations
            .finish(|| Some(self.credential.as_str()))
            .map_err(ApiError::validation)
    }
}

/// `valid`; `expired` (signed by us, past its expiry); `revoked` (its holder is suspended,
/// removed, or holds another card number now); `invalid` (not a card we signed).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CardCheckName {
    Valid,
    Expired,
    Revoked,
    Invalid,
}

impl From<CardCheck> for CardCheckName {
    fn from(check: CardCheck) -> Self {
        match check {
            CardCheck::Valid => CardCheckName::Valid,
            CardCheck::Expired => CardCheckName::Expired,
            CardCheck::Revoked => CardCheckName::Revoked,
            CardCheck::Invalid => CardCheckName::Invalid,
        }
    }
}

/// What the online check found.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyCardResponse {
    pub result: CardCheckName,
    pub checked_at: DateTime<Utc>,
    /// When the card expires (or expired); null for one we did not sign.
    pub expires_at: Option<DateTime<Utc>>,
    /// Who the card names, when we signed it.
    pub holder: Option<CardHolderResponse>,
}

impl VerifyCardResponse {
    pub fn of(check: CardCheck, claims: Option<CardClaims>, now: DateTime<Utc>) -> Self {
        VerifyCardResponse {
            result: check.into(),
            checked_at: now,
            expires_at: claims.as_ref().map(|claims| instant(claims.exp)),
            holder: claims.map(Into::into),
        }
    }
}

/// A public key as a JWK (RFC 7517, RFC 8037).
#[derive(Debug, Serialize, ToSchema)]
pub struct CardKeyResponse {
    /// `OKP`.
    #[schema(max_length = 10)]
    pub kty: String,
    /// `Ed25519`.
    #[schema(max_length = 10)]
    pub crv: String,
    /// `EdDSA`.
    #[schema(max_length = 10)]
    pub alg: String,
    /// `sig`.
    #[serde(rename = "use")]
    #[schema(max_length = 10)]
    pub use_: String,
    #[schema(max_length = 40)]
    pub kid: String,
    /// The public key, base64url without padding.
    #[schema(max_length = 64, pattern = r"^[A-Za-z0-9_-]+$")]
    pub x: String,
    /// The week whose cards it signs.
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
}

impl From<PublicKey> for CardKeyResponse {
    fn from(key: PublicKey) -> Self {
        CardKeyResponse {
            kty: "OKP".to_owned(),
            crv: "Ed25519".to_owned(),
            alg: "EdDSA".to_owned(),
            use_: "sig".to_owned(),
            kid: key.kid,
            x: key.x,
            valid_from: key.valid_from,
            valid_until: key.valid_until,
        }
    }
}

/// The keys that verify cards: last week's, this week's and next week's (a JWK Set).
#[derive(Debug, Serialize, ToSchema)]
pub struct CardKeySet {
    #[schema(max_items = 3)]
    pub keys: Vec<CardKeyResponse>,
}
