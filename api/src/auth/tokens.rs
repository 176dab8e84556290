//! Access tokens (short-lived JWTs) and refresh tokens (opaque, random, stored hashed).

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

const ISSUER: &str = "sotay";
const AUDIENCE: &str = "sotay-api";
const ACCESS_TYPE: &str = "access";
/// Clock skew tolerated between server nodes.
const LEEWAY_SECS: u64 = 10;
/// Refresh tokens start with this, so that one pasted as an access token is obvious in logs.
const REFRESH_PREFIX: &str = "rt_";

/// What an access token says. `typ` and `sep` are ours: the token's kind, and the member's
/// session epoch when it was issued (raised to end every session at once).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    pub typ: String,
    pub sep: i32,
    /// The sign-in (refresh-token family) the token belongs to: phones registered with it are
    /// forgotten when that sign-in logs out. Absent from tokens issued before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

pub struct TokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    access_ttl: Duration,
    refresh_ttl: Duration,
}

impl TokenIssuer {
    pub fn new(secret: &[u8], access_ttl: Duration, refresh_ttl: Duration) -> Self {
        // HS256 only: a token that names another algorithm (or `none`) is refused before its
        // signature is looked at.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        TokenIssuer {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            access_ttl,
            refresh_ttl,
        }
    }

    pub fn access_ttl(&self) -> Duration {
        self.access_ttl
    }

    pub fn refresh_ttl(&self) -> Duration {
        self.refresh_ttl
    }

    pub fn issue_access(
        &self,
        member_id: &str,
        session_epoch: i32,
        family_id: &str,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        let issued = now.timestamp();
        let ttl = i64::try_from(self.access_ttl.as_secs()).map_err(ApiError::internal)?;
        let claims = AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: member_id.to_owned(),
            iat: issued,
            nbf: issued,
            exp: issued + ttl,
            jti: uuid::Uuid::now_v7().to_string(),
            typ: ACCESS_TYPE.to_owned(),
            sep: session_epoch,
            sid: Some(family_id.to_owned()),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// The claims of a valid access token; `None` for anything else, whatever the reason, so
    /// that no answer tells an attacker which check failed.
    pub fn verify_access(&self, token: &str) -> Option<AccessClaims> {
        let data =
            jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation).ok()?;
        (data.claims.typ == ACCESS_TYPE).then_some(data.claims)
    }
}

/// A new refresh token: the value for the client, and the hash we keep.
pub struct RefreshToken {
    pub token: String,
    pub hash: String,
}

impl RefreshToken {
    pub fn generate() -> Result<Self, ApiError> {
        let mut random = [0_u8; 32];
        getrandom::fill(&mut random).map_err(ApiError::internal)?;
        let token = format!("{REFRESH_PREFIX}{}", URL_SAFE_NO_PAD.encode(random));
        let hash = Self::hash_of(&token);
        Ok(RefreshToken { token, hash })
    }

    /// SHA-256 suffices: the token has 256 bits of entropy, so no slow hash is needed to stop
    /// guessing, and a leaked table of hashes is useless.
    pub fn hash_of(token: &str) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::EncodingKey;

    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn issuer() -> TokenIssuer {
        TokenIssuer::new(
            SECRET,
            Duration::from_secs(900),
            Duration::from_secs(86_400),
        )
    }

    fn claims(now: i64) -> AccessClaims {
        AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: "m1".into(),
            iat: now,
            nbf: now,
            exp: now + 900,
            jti: "j".into(),
            typ: ACCESS_TYPE.into(),
            sep: 0,
            sid: None,
        }
    }

    fn sign(claims: &AccessClaims, algorithm: Algorithm, secret: &[u8]) -> String {
        jsonwebtoken::encode(
            &Header::new(algorithm),
            claims,
            &EncodingKey::from_secret(secret),
        )
        .unwrap()
    }

    #[test]
    fn an_issued_token_round_trips() {
        let issuer = issuer();
        let token = issuer
            .issue_access("member-1", 3, "family-1", Utc::now())
            .unwrap();
        let claims = issuer.verify_access(&token).unwrap();
        assert_eq!(claims.sub, "member-1");
        assert_eq!(claims.sep, 3);
        assert_eq!(claims.sid.as_deref(), Some("family-1"));
        assert_eq!(claims.exp - claims.iat, 900);
    }

    #[test]
    fn tampered_or_foreign_tokens_are_refused() {
        let issuer = issuer();
        let now = Utc::now().timestamp();
        assert!(
            issuer
                .verify_access(&sign(&claims(now), Algorithm::HS256, SECRET))
                .is_some()
        );
        // Another key, another algorithm, another audience or issuer, another kind of token.
        assert!(
            issuer
                .verify_access(&sign(
                    &claims(now),
                    Algorithm::HS256,
                    b"another key of thirty-two bytes!"
                ))
                .is_none()
        );
        assert!(
            issuer
                .verify_access(&sign(&claims(now), Algorithm::HS512, SECRET))
                .is_none()
        );
        let mut foreign = claims(now);
        foreign.aud = "other".into();
        assert!(
            issuer
                .verify_access(&sign(&foreign, Algorithm::HS256, SECRET))
                .is_none()
        );
        let mut foreign = claims(now);
        foreign.iss = "other".into();
        assert!(
            issuer
                .verify_access(&sign(&foreign, Algorithm::HS256, SECRET))
                .is_none()
        );
        let mut refresh = claims(now);
        refresh.typ = "refresh".into();
        assert!(
            issuer
                .verify_access(&sign(&refresh, Algorithm::HS256, SECRET))
                .is_none()
        );
    }

    #[test]
    fn expired_and_not_yet_valid_tokens_are_refused() {
        let issuer = issuer();
        let now = Utc::now().timestamp();
        let mut expired = claims(now - 3600);
        expired.exp = now - 60;
        assert!(
            issuer
                .verify_access(&sign(&expired, Algorithm::HS256, SECRET))
                .is_none()
        );
        let mut early = claims(now);
        early.nbf = now + 600;
        assert!(
            issuer
                .verify_access(&sign(&early, Algorithm::HS256, SECRET))
                .is_none()
        );
    }

    #[test]
    fn an_unsigned_token_is_refused() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body =
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims(Utc::now().timestamp())).unwrap());
        assert!(
            issuer()
                .verify_access(&format!("{header}.{body}."))
                .is_none()
        );
    }

    #[test]
    fn refresh_tokens_are_random_and_stored_as_hashes() {
        let first = RefreshToken::generate().unwrap();
        let second = RefreshToken::generate().unwrap();
        assert_ne!(first.token, second.token);
        assert!(first.token.starts_with("rt_"));
        assert_eq!(RefreshToken::hash_of(&first.token), first.hash);
        assert!(!first.hash.contains(&first.token));
        assert!(issuer().verify_access(&first.token).is_none());
    }
}
