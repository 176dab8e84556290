//! The electronic party card: who holds one, how long a card lasts, which signing keys are in
//! use at a moment, and what an online check answers.

use chrono::{DateTime, Duration, Utc};

use crate::member::ActivityStatus;

/// How long a card lasts unless configured: a day. The app refreshes it whenever it is online;
/// offline, a suspended member's card stops verifying within a day.
pub const DEFAULT_LIFETIME: Duration = Duration::hours(24);
/// The longest lifetime a deployment may set: a week, the length of a signing-key period.
pub const MAX_LIFETIME: Duration = Duration::days(7);

/// Signing keys change every week. A card is verified by the key of the week it was issued,
/// so verifiers hold the previous week's key, the current one and the next one (published in
/// advance, for a phone that refreshes its keys once a week).
pub const KEY_PERIOD_SECS: i64 = 7 * 24 * 3600;

/// Whether a member with this status holds a card: those who take part in party life, exempt
/// ones included. A suspended or removed member's card is refused.
pub fn holds_card(status: ActivityStatus) -> bool {
    status.may_log_in()
}

/// The key period an instant falls in: its number since the Unix epoch.
pub fn key_period(at: DateTime<Utc>) -> i64 {
    at.timestamp().div_euclid(KEY_PERIOD_SECS)
}

/// The periods whose keys are published at `at`: previous, current, next.
pub fn published_periods(at: DateTime<Utc>) -> [i64; 3] {
    let current = key_period(at);
    [current - 1, current, current + 1]
}

/// What an online check of a card answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardCheck {
    /// Signed by us, in date, and its holder still holds a card.
    Valid,
    /// Signed by us but past its expiry.
    Expired,
    /// Signed by us and in date, but its holder is suspended, removed, or no longer exists.
    Revoked,
    /// Not a card we signed: bad signature, unknown key, or not a card at all.
    Invalid,
}

impl CardCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            CardCheck::Valid => "valid",
            CardCheck::Expired => "expired",
            CardCheck::Revoked => "revoked",
            CardCheck::Invalid => "invalid",
        }
    }
}
