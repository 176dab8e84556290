//! What every handler may reach: the pool, the token issuer, the hasher and the limits.

use sotay_persistence::{Backend, DbPool};

use crate::auth::{CardSigner, PasswordHasher, TokenIssuer};
use crate::openapi::RouteTable;

/// What every handler may reach.
pub struct AppState {
    pub pool: DbPool,
    pub backend: Backend,
    pub routes: RouteTable,
    pub tokens: TokenIssuer,
    /// Signs electronic party cards, and reads them back for the online check.
    pub cards: CardSigner,
    /// How far nodes' clocks may disagree: sync windows end this much before now.
    pub sync_clock_skew: chrono::Duration,
    pub hasher: PasswordHasher,
    pub login_limits: LoginLimits,
    /// The largest attachment accepted, in bytes (`SOTAY_ATTACHMENT_MAX_BYTES`).
    pub attachment_max_bytes: usize,
}

/// How many failed logins are tolerated before a lock, and how long the lock lasts.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimits {
    pub failures_per_account: u32,
    pub failures_per_client: u32,
    pub lockout: std::time::Duration,
}
