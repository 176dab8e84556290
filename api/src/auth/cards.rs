//! The electronic party card as a credential: a compact JWS (EdDSA) a phone shows as a QR code
//! and anyone holding the published keys verifies offline.
//!
//! The signing keys are derived from the server secret and the week: every node signs with the
//! same key without storing one, keys rotate weekly on their own, and the previous and next
//! weeks' public keys are published beside the current one (see [`card::published_periods`]),
//! so a card stays verifiable until it expires.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sotay_domain::card;

use crate::error::ApiError;

const ISSUER: &str = "sotay";
/// Our claim naming the credential's kind: an access token is never a card, nor the reverse.
const CARD_TYPE: &str = "party_card";
const KEY_PREFIX: &str = "card-";

/// What a card says.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CardClaims {
    pub iss: String,
    pub typ: String,
    /// The member's id.
    pub sub: String,
    pub name: String,
    /// The party-card number (số thẻ đảng viên).
    pub card: String,
    /// The cell's id and name.
    pub cell_id: String,
    pub cell: String,
    /// `official` or `probationary`.
    pub status: String,
    pub iat: i64,
    pub exp: i64,
}

/// A card's holder, as it is issued.
pub struct Holder<'a> {
    pub member_id: String,
    pub name: &'a str,
    pub card_number: &'a str,
    pub cell_id: String,
    pub cell_name: &'a str,
    pub party_status: &'a str,
}

/// A signed card.
pub struct IssuedCard {
    pub credential: String,
    pub key_id: String,
    pub claims: CardClaims,
}

/// A public key as a JWK (RFC 8037: `OKP`, `Ed25519`).
#[derive(Debug, Clone, Serialize)]
pub struct PublicKey {
    pub kid: String,
    /// The public key, base64url without padding.
    pub x: String,
    /// When cards signed with it may first and last have been issued.
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
}

/// What reading a credential found: its claims when we signed it, and whether it is in date.
pub enum Reading {
    /// Not signed by a published key of ours, or not a card.
    Invalid,
    /// Signed by us: the claims, and whether it has expired at the time of reading.
    Signed {
        claims: Box<CardClaims>,
        expired: bool,
    },
}

pub struct CardSigner {
    secret: Vec<u8>,
    lifetime: Duration,
}

impl CardSigner {
    pub fn new(secret: &[u8], lifetime: Duration) -> Self {
        CardSigner {
            secret: secret.to_vec(),
            lifetime,
        }
    }

    /// The week's signing key: HMAC-SHA-256 of the server secret and the period number.
    fn signing_key(&self, period: i64) -> Result<SigningKey, ApiError> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.secret).map_err(ApiError::internal)?;
        mac.update(b"sotay party-card signing key v1, period ");
        mac.update(period.to_string().as_bytes());
        let seed: [u8; 32] = mac.finalize().into_bytes().into();
        Ok(SigningKey::from_bytes(&seed))
    }

    fn key_id(period: i64) -> String {
        format!("{KEY_PREFIX}{period}")
    }

    /// Signs a card for `holder`, issued `now`.
    pub fn issue(&self, holder: &Holder<'_>, now: DateTime<Utc>) -> Result<IssuedCard, ApiError> {
        let period = card::key_period(now);
        let key = self.signing_key(period)?;
        let der = key.to_pkcs8_der().map_err(ApiError::internal)?;
        let claims = CardClaims {
            iss: ISSUER.to_owned(),
            typ: CARD_TYPE.to_owned(),
            sub: holder.member_id.clone(),
            name: holder.name.to_owned(),
            card: holder.card_number.to_owned(),
            cell_id: holder.cell_id.clone(),
            cell: holder.cell_name.to_owned(),
            status: holder.party_status.to_owned(),
            iat: now.timestamp(),
            exp: (now + self.lifetime).timestamp(),
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(Self::key_id(period));
        let credential =
            jsonwebtoken::encode(&header, &claims, &EncodingKey::from_ed_der(der.as_bytes()))
                .map_err(ApiError::internal)?;
        Ok(IssuedCard {
            credential,
            key_id: Self::key_id(period),
            claims,
        })
    }

    /// The public keys verifiers hold at `now`: the previous, current and next weeks'.
    pub fn public_keys(&self, now: DateTime<Utc>) -> Result<Vec<PublicKey>, ApiError> {
        card::published_periods(now)
            .into_iter()
            .map(|period| {
                let key = self.signing_key(period)?;
                let start = DateTime::from_timestamp(period * card::KEY_PERIOD_SECS, 0)
                    .ok_or_else(|| ApiError::internal("a key period out of range"))?;
                Ok(PublicKey {
                    kid: Self::key_id(period),
                    x: URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes()),
                    valid_from: start,
                    valid_until: start + Duration::seconds(card::KEY_PERIOD_SECS),
                })
            })
            .collect()
    }

    /// Reads a credential as a verifier holding the keys published at `now` would: EdDSA only,
    /// our issuer and kind, a published key. Expiry is reported, not refused, so that the
    /// online check can say "expired" rather than "invalid".
    pub fn read(&self, credential: &str, now: DateTime<Utc>) -> Result<Reading, ApiError> {
        let Ok(header) = jsonwebtoken::decode_header(credential) else {
            return Ok(Reading::Invalid);
        };
        let period = header
            .kid
            .as_deref()
            .and_then(|kid| kid.strip_prefix(KEY_PREFIX))
            .and_then(|period| period.parse::<i64>().ok());
        let Some(period) = period.filter(|period| card::published_periods(now).contains(period))
        else {
            return Ok(Reading::Invalid);
        };
        let key = self.signing_key(period)?;
        let public = URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes());
        let decoding = DecodingKey::from_ed_components(&public).map_err(ApiError::internal)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "sub"]);
        validation.validate_exp = false;
        validation.validate_aud = false;
        let Ok(data) = jsonwebtoken::decode::<CardClaims>(credential, &decoding, &validation)
        else {
            return Ok(Reading::Invalid);
        };
        if data.claims.typ != CARD_TYPE {
            return Ok(Reading::Invalid);
        }
        let expired = data.claims.exp <= now.timestamp();
        Ok(Reading::Signed {
            claims: Box::new(data.claims),
            expired,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> CardSigner {
        CardSigner::new(b"0123456789abcdef0123456789abcdef", Duration::hours(24))
    }

    fn holder() -> Holder<'static> {
        Holder {
            member_id: "0190c1a2-0000-7000-8000-000000000001".into(),
            name: "Hà Thị H’Hen",
            card_number: "79000017",
            cell_id: "0190c1a2-0000-7000-8000-0000000000c1".into(),
            cell_name: "Chi bộ Khu phố 1",
            party_status: "official",
        }
    }

    #[test]
    fn a_card_verifies_with_the_published_key_alone_and_fits_a_qr_code() {
        let now = Utc::now();
        let issued = signer().issue(&holder(), now).unwrap();
        assert!(issued.credential.len() < 700, "{}", issued.credential.len());
        let keys = signer().public_keys(now).unwrap();
        let key = keys.iter().find(|key| key.kid == issued.key_id).unwrap();
        // What a phone does offline: the JWK's `x` and nothing else.
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.validate_aud = false;
        let decoded = jsonwebtoken::decode::<CardClaims>(
            &issued.credential,
            &DecodingKey::from_ed_components(&key.x).unwrap(),
            &validation,
        )
        .unwrap();
        assert_eq!(decoded.claims, issued.claims);
        assert_eq!(decoded.claims.name, "Hà Thị H’Hen");
    }

    #[test]
    fn a_card_issued_last_week_still_verifies_and_one_from_another_secret_does_not() {
        let now = Utc::now();
        let last_week = now - Duration::days(7);
        let old = signer().issue(&holder(), last_week).unwrap();
        assert!(matches!(
            signer().read(&old.credential, now).unwrap(),
            Reading::Signed { expired: true, .. }
        ));
        let foreign = CardSigner::new(b"another secret of thirty-two byte", Duration::hours(24))
            .issue(&holder(), now)
            .unwrap();
        assert!(matches!(
            signer().read(&foreign.credential, now).unwrap(),
            Reading::Invalid
        ));
        let fresh = signer().issue(&holder(), now).unwrap();
        assert!(matches!(
            signer().read(&fresh.credential, now).unwrap(),
            Reading::Signed { expired: false, .. }
        ));
        // Two months on, its week's key is no longer published.
        assert!(matches!(
            signer()
                .read(&fresh.credential, now + Duration::days(60))
                .unwrap(),
            Reading::Invalid
        ));
        assert!(matches!(
            signer().read("not.a.card", now).unwrap(),
            Reading::Invalid
        ));
    }
}
