//! Logins: checking credentials, rotating refresh tokens, logging out, and ending every session.

use chrono::{Duration as ChronoDuration, NaiveDateTime, Utc};
use sotay_domain::ids::MemberId;
use sotay_persistence::members::{self, MemberRow};
use sotay_persistence::notifications::devices_store;
use sotay_persistence::throttle::{self, Reservation};
use sotay_persistence::{DbConnection, clock, refresh_tokens};

use crate::app::cells::CellNames;
use crate::auth::{RefreshToken, TokenIssuer};
use crate::error::ApiError;
use crate::state::LoginLimits;

/// A new pair of tokens for a member, and what the app shows of them.
pub struct IssuedSession {
    pub access_token: String,
    /// Seconds the access token is valid for.
    pub expires_in: u64,
    pub refresh_token: String,
    pub member: MemberRow,
    pub cells: CellNames,
}

pub fn may_log_in(member: &MemberRow) -> bool {
    member.activity_status.may_log_in()
}

/// Ends every session of a member: refresh tokens revoked, access tokens invalidated.
pub fn end_all_sessions(
    connection: &mut DbConnection,
    member_id: MemberId,
) -> Result<(), ApiError> {
    members::bump_session_epoch(connection, member_id)?;
    refresh_tokens::revoke_all_of_member(connection, &member_id.to_string(), clock::now())?;
    // No phone of theirs hears of anything until they sign in on it again.
    devices_store::remove_all(connection, member_id)?;
    Ok(())
}

/// A new login: a new family of refresh tokens, ending when the configured lifetime does.
pub fn start_session(
    tokens: &TokenIssuer,
    connection: &mut DbConnection,
    member: MemberRow,
) -> Result<IssuedSession, ApiError> {
    let lifetime = ChronoDuration::from_std(tokens.refresh_ttl()).map_err(ApiError::internal)?;
    let family = uuid::Uuid::now_v7().to_string();
    issue_pair(tokens, connection, member, family, clock::now() + lifetime)
}

/// Stores a new refresh token of `family` and signs an access token for `member`.
fn issue_pair(
    tokens: &TokenIssuer,
    connection: &mut DbConnection,
    member: MemberRow,
    family_id: String,
    family_expires_at: NaiveDateTime,
) -> Result<IssuedSession, ApiError> {
    let refresh_token = RefreshToken::generate()?;
    let now = clock::now();
    let member_id = member.id.to_string();
    refresh_tokens::insert(
        connection,
        &refresh_tokens::NewRefreshToken {
            id: &uuid::Uuid::now_v7().to_string(),
            family_id: &family_id,
            member_id: &member_id,
            token_hash: &refresh_token.hash,
            session_epoch: member.session_epoch,
            created_at: now,
            expires_at: family_expires_at,
        },
    )?;
    let access_token =
        tokens.issue_access(&member_id, member.session_epoch, &family_id, Utc::now())?;
    let cells = CellNames::own(connection, &member)?;
    Ok(IssuedSession {
        access_token,
        expires_in: tokens.access_ttl().as_secs(),
        refresh_token: refresh_token.token,
        member,
        cells,
    })
}

/// What a login learns on its first trip: whether the client is locked out, the member the
/// login names, the account's throttle key and, unless locked, its place for one try.
pub struct LoginLookup {
    pub locked_until: Option<NaiveDateTime>,
    pub member: Option<MemberRow>,
    pub account_key: String,
    pub reservation: Option<Reservation>,
}

/// The first trip of a login: the member (by card, else phone), the client's lock and, unless
/// locked, a place for this try (see `throttle`).
pub fn look_up_login(
    connection: &mut DbConnection,
    card: Option<&str>,
    phone: Option<&str>,
    fallback_key: String,
    client_key: &str,
    limits: LoginLimits,
    now: NaiveDateTime,
) -> Result<LoginLookup, ApiError> {
    let member = members::find_by_login(connection, card, phone)?;
    // Every spelling of one account's login counts against the same key.
    let account_key = member
        .as_ref()
        .map_or(fallback_key, |member| format!("member:{}", member.id));
    let locked_until = throttle::locked_until(connection, client_key, now)?;
    let reservation = match locked_until {
        Some(_) => None,
        None => Some(throttle::reserve(
            connection,
            &account_key,
            now,
            limits.account(),
        )?),
    };
    Ok(LoginLookup {
        locked_until,
        member,
        account_key,
        reservation,
    })
}

/// The last trip of a right login: the try settled, a stronger hash stored if the password
/// was hashed with old parameters, and a new session.
pub fn complete_login(
    connection: &mut DbConnection,
    tokens: &TokenIssuer,
    limits: LoginLimits,
    account_key: &str,
    member: MemberRow,
    upgraded_hash: Option<&str>,
) -> Result<IssuedSession, ApiError> {
    connection.write_transaction(|connection| {
        throttle::settle(
            connection,
            account_key,
            clock::now(),
            limits.account(),
            Some(true),
        )?;
        if let Some(hash) = upgraded_hash {
            members::upgrade_password_hash(connection, member.id, hash)?;
        }
        start_session(tokens, connection, member)
    })
}

/// Spends a refresh token (by its hash) for a new pair; `None` when it is unknown, spent,
/// revoked, expired, or its member may no longer log in. Reusing a spent token revokes its
/// whole family: someone else must have it.
pub fn rotate(
    connection: &mut DbConnection,
    tokens: &TokenIssuer,
    hash: &str,
) -> Result<Option<IssuedSession>, ApiError> {
    connection.write_transaction(|connection| {
        let now = clock::now();
        // The write comes first: on SQLite it takes the lock before anything is read.
        let Some(spent) = refresh_tokens::spend_by_hash(connection, hash, now)? else {
            let reused = refresh_tokens::find_by_hash(connection, hash)?
                .filter(|token| token.spent_at.is_some() && token.revoked_at.is_none());
            if let Some(token) = reused {
                refresh_tokens::revoke_family(connection, &token.family_id, now)?;
                devices_store::remove_family(connection, &token.family_id)?;
                tracing::warn!(family = %token.family_id, "a spent refresh token was reused: its family is revoked");
            }
            return Ok(None);
        };
        // A login from before "end all sessions" (or a password change) is over, even if its
        // refresh token was created while that was committing.
        let member = members::find(connection, spent.member_id)?
            .filter(may_log_in)
            .filter(|member| member.session_epoch == spent.session_epoch);
        let Some(member) = member else {
            return Ok(None);
        };
        issue_pair(tokens, connection, member, spent.family_id, spent.expires_at).map(Some)
    })
}

/// Revokes the family of a refresh token (by its hash), if there is one.
pub fn log_out(connection: &mut DbConnection, hash: &str) -> Result<(), ApiError> {
    if let Some(token) = refresh_tokens::find_by_hash(connection, hash)? {
        refresh_tokens::revoke_family(connection, &token.family_id, clock::now())?;
        devices_store::remove_family(connection, &token.family_id)?;
    }
    Ok(())
}
