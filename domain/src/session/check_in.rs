//! The rotating check-in code: a QR token and a six-digit text code, both an HMAC over the
//! session and a time step under a secret of the session's own, so the server verifies any of
//! them without storing one.
//!
//! The QR token carries its step, so it also proves *when* it was shown: an offline phone
//! syncing hours later, with its clock wrong, still checks in at the step the token names.
//! The text code carries nothing and is checked against the server's clock, online only.
//!
//! What rotation does not prevent: a code passed on within its step (read out over the phone,
//! or a photo of the QR sent to someone absent who syncs it later). It narrows that to the
//! minute around the meeting and to members who are expected anyway; the roll, kept by the
//! cell, remains the record.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDateTime};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::ids::SessionId;

/// How long one code is shown before the next one.
pub const STEP_SECONDS: i64 = 30;
/// How many steps after its own a live code is still accepted (a code scanned just before it
/// changed, on a slow network).
pub const ACCEPTED_STEPS_AFTER: i64 = 2;

/// Bytes of the MAC a QR token keeps (128 bits).
const TOKEN_MAC_LEN: usize = 16;
/// A token: the step (8 bytes, big-endian) and the MAC.
const TOKEN_LEN: usize = 8 + TOKEN_MAC_LEN;

type HmacSha256 = Hmac<Sha256>;

/// A session's check-in secret: 32 random bytes, made when the session is created.
#[derive(Clone)]
pub struct CheckInSecret([u8; 32]);

impl std::fmt::Debug for CheckInSecret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("CheckInSecret(..)")
    }
}

/// The code to show at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInCode {
    pub qr_token: String,
    pub text_code: String,
    /// When the next code replaces it (it is still accepted [`ACCEPTED_STEPS_AFTER`] steps).
    pub valid_until: NaiveDateTime,
}

/// What a verified code proves: the member saw it at this moment (the start of its step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proof {
    pub shown_at: NaiveDateTime,
}

/// Why a code is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// Not made with this session's secret: forged, mistyped or another session's.
    Invalid,
    /// Made with this secret, but too long ago (live) or outside the session's window.
    Expired,
}

impl CheckInSecret {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        CheckInSecret(bytes)
    }

    /// The stored form: base64url, no padding.
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    pub fn from_text(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        Some(CheckInSecret(bytes.try_into().ok()?))
    }

    /// The code for the step `now` falls in.
    pub fn code_at(&self, session: SessionId, now: NaiveDateTime) -> CheckInCode {
        let step = step_of(now);
        let mut token = Vec::with_capacity(TOKEN_LEN);
        token.extend_from_slice(&step.to_be_bytes());
        token.extend_from_slice(&self.mac(b"qr", session, step)[..TOKEN_MAC_LEN]);
        CheckInCode {
            qr_token: URL_SAFE_NO_PAD.encode(token),
            text_code: self.text_code(session, step),
            valid_until: start_of(step + 1),
        }
    }

    /// Reads a QR token: made with this secret for this session, at the moment it names. Whether
    /// that moment is acceptable is the caller's question (live: recent; offline: in the
    /// session's window).
    pub fn read_token(&self, session: SessionId, token: &str) -> Result<Proof, TokenRefusal> {
        let bytes = URL_SAFE_NO_PAD
            .decode(token.trim())
            .map_err(|_| TokenRefusal::Invalid)?;
        if bytes.len() != TOKEN_LEN {
            return Err(TokenRefusal::Invalid);
        }
        let (step_bytes, mac) = bytes.split_at(8);
        let step = i64::from_be_bytes(step_bytes.try_into().map_err(|_| TokenRefusal::Invalid)?);
        self.keyed(b"qr", session, step)
            .verify_truncated_left(mac)
            .map_err(|_| TokenRefusal::Invalid)?;
        Ok(Proof {
            shown_at: start_of(step),
        })
    }

    /// Verifies a live QR token at `now`: shown in this step or up to
    /// [`ACCEPTED_STEPS_AFTER`] before.
    pub fn verify_live_token(
        &self,
        session: SessionId,
        token: &str,
        now: NaiveDateTime,
    ) -> Result<Proof, TokenRefusal> {
        let proof = self.read_token(session, token)?;
        let (step, current) = (step_of(proof.shown_at), step_of(now));
        if step > current || current - step > ACCEPTED_STEPS_AFTER {
            return Err(TokenRefusal::Expired);
        }
        Ok(proof)
    }

    /// Verifies a text code at `now`, against this step and the accepted ones before it.
    pub fn verify_text_code(
        &self,
        session: SessionId,
        code: &str,
        now: NaiveDateTime,
    ) -> Result<Proof, TokenRefusal> {
        let code = code.trim();
        let current = step_of(now);
        (0..=ACCEPTED_STEPS_AFTER)
            .map(|back| current - back)
            .find(|step| {
                constant_time_eq(self.text_code(session, *step).as_bytes(), code.as_bytes())
            })
            .map(|step| Proof {
                shown_at: start_of(step),
            })
            .ok_or(TokenRefusal::Invalid)
    }

    /// Six digits, as TOTP truncates (RFC 4226 §5.3), under a label of its own so that the QR
    /// token's MAC says nothing about it.
    fn text_code(&self, session: SessionId, step: i64) -> String {
        let mac = self.mac(b"text", session, step);
        let offset = usize::from(mac[31] & 0x0f);
        let word = u32::from_be_bytes([
            mac[offset],
            mac[offset + 1],
            mac[offset + 2],
            mac[offset + 3],
        ]);
        format!("{:06}", (word & 0x7fff_ffff) % 1_000_000)
    }

    fn keyed(&self, label: &[u8], session: SessionId, step: i64) -> HmacSha256 {
        // A 32-byte key is always accepted by HMAC; the fallback is never taken.
        let mut mac = HmacSha256::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(b"sotay check-in v1\0");
        mac.update(label);
        mac.update(session.as_uuid().as_bytes());
        mac.update(&step.to_be_bytes());
        mac
    }

    fn mac(&self, label: &[u8], session: SessionId, step: i64) -> [u8; 32] {
        self.keyed(label, session, step)
            .finalize()
            .into_bytes()
            .into()
    }
}

fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0u8, |acc, (l, r)| acc | (l ^ r))
            == 0
}

/// The step `at` falls in.
pub(super) fn step_of(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp().div_euclid(STEP_SECONDS)
}

/// When `step` begins (the far past or future for a step no calendar holds).
fn start_of(step: i64) -> NaiveDateTime {
    step.checked_mul(STEP_SECONDS)
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .map(|at| at.naive_utc())
        .unwrap_or_else(|| {
            if step < 0 {
                NaiveDateTime::MIN
            } else {
                NaiveDateTime::MAX
            }
        })
}
