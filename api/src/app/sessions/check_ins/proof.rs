//! What a code proves, and what makes a check-in safe to resend: its client id and the digest
//! its receipt compares.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use sotay_domain::Invalid;
use sotay_domain::session::{CheckInSecret, Proof, TokenRefusal};
use sotay_persistence::sessions::ReceiptRow;

use super::{CheckIn, CheckInAnswer, Presented};
use crate::app::sessions::Visible;
use crate::error::ApiError;

/// What the code proves, checked against the session's secret (and, live, the clock).
pub(super) fn verify(
    visible: &Visible,
    presented: &Presented,
    now: NaiveDateTime,
) -> Result<Proof, ApiError> {
    let secret = secret_of(visible)?;
    let id = visible.stored.row.id;
    let (field, verified) = match presented {
        Presented::QrToken(token) => ("qr_token", secret.verify_live_token(id, token, now)),
        Presented::TextCode(code) => ("text_code", secret.verify_text_code(id, code, now)),
        // Offline, the token's own step says when; the session's window decides.
        Presented::OfflineQrToken { token, .. } => ("qr_token", secret.read_token(id, token)),
    };
    verified.map_err(|refusal| ApiError::invalid(field, code_refused(refusal)))
}

pub(super) fn secret_of(visible: &Visible) -> Result<CheckInSecret, ApiError> {
    CheckInSecret::from_text(&visible.stored.row.check_in_secret)
        .ok_or_else(|| ApiError::internal("stored check-in secret does not read"))
}

pub(crate) fn replayed(receipt: &ReceiptRow, digest: &str) -> Result<CheckInAnswer, ApiError> {
    if receipt.request_digest != digest {
        return Err(client_id_reused());
    }
    serde_json::from_str(&receipt.outcome).map_err(ApiError::internal)
}

/// The same client id sent for another check-in.
pub(crate) fn client_id_reused() -> ApiError {
    ApiError::invalid(
        "client_id",
        Invalid::new(
            "client_id_reused",
            "client_id này đã dùng cho một lần điểm danh khác.",
            "This client_id was used for another check-in.",
        ),
    )
}

/// What the check-in asks, as its receipt compares a resend: the session and the code shown.
pub(crate) fn digest_of(check_in: &CheckIn) -> String {
    let (kind, code) = match &check_in.presented {
        Presented::QrToken(token) | Presented::OfflineQrToken { token, .. } => ("qr", token),
        Presented::TextCode(code) => ("text", code),
    };
    let digest = Sha256::new()
        .chain_update(check_in.session.as_bytes())
        .chain_update(b"\n")
        .chain_update(kind)
        .chain_update(b"\n")
        .chain_update(code.trim().as_bytes())
        .finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The longest `client_id`: a UUID and then some.
pub const MAX_CLIENT_ID_LEN: usize = 64;

pub(crate) fn check_client_id(client_id: &str) -> Result<(), ApiError> {
    let valid = (1..=MAX_CLIENT_ID_LEN).contains(&client_id.len())
        && client_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-'));
    if valid {
        return Ok(());
    }
    Err(ApiError::invalid(
        "client_id",
        Invalid::new(
            "invalid_format",
            "client_id gồm 1 đến 64 ký tự A-Z, a-z, 0-9, . _ : -",
            "client_id is 1 to 64 of A-Z, a-z, 0-9, . _ : -",
        ),
    ))
}

fn code_refused(refusal: TokenRefusal) -> Invalid {
    match refusal {
        TokenRefusal::Invalid => Invalid::new(
            "invalid_code",
            "Mã điểm danh không đúng cho buổi sinh hoạt này.",
            "The code is not this session's.",
        ),
        TokenRefusal::Expired => Invalid::new(
            "expired_code",
            "Mã điểm danh đã hết hạn; hãy quét mã mới.",
            "The code has expired; scan the current one.",
        ),
    }
}
