//! `POST /auth/login`, `/auth/refresh`, `/auth/logout`, `/auth/logout-all`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{Duration as ChronoDuration, NaiveDateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sotay_domain::Invalid;
use sotay_domain::access::Visibility;
use sotay_domain::member::{ActivityStatus, CardNumber, Phone};
use sotay_domain::text::has_control;
use sotay_persistence::members::{self, MemberRow};
use sotay_persistence::{DbConnection, clock, sessions, throttle};
use utoipa::ToSchema;

use crate::app;
use crate::app::with_connection;
use crate::auth::{
    Attempt, Authenticated, PasswordCheck, RefreshToken, client_of, too_many_attempts,
};
use crate::dto::{CellNames, MemberResponse};
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

pub(crate) const MAX_LOGIN_LEN: usize = 64;
pub(crate) const MAX_REFRESH_TOKEN_LEN: usize = 128;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"login": "79012345", "password": "hoa sen nở giữa hồ"}))]
pub struct LoginRequest {
    /// Party-card number or mobile phone number.
    #[schema(min_length = 1, max_length = 64)]
    pub login: String,
    #[schema(value_type = String, min_length = 1, max_length = 128, format = Password)]
    pub password: SecretString,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"refresh_token": "rt_Qm9vZGxlcyBhcmUgbm90IGEgdG9rZW4gYXQgYWxsIQ"}))]
pub struct RefreshRequest {
    #[schema(value_type = String, min_length = 1, max_length = 128)]
    pub refresh_token: SecretString,
}

/// A new pair of tokens. Its `Debug` leaves the tokens out.
#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    #[schema(max_length = 2048)]
    pub access_token: String,
    #[schema(example = "Bearer", max_length = 6)]
    pub token_type: &'static str,
    /// Seconds the access token is valid for (at most 900).
    #[schema(example = 900, minimum = 30, maximum = 900, value_type = u32)]
    pub expires_in: u64,
    /// Exchange at `POST /auth/refresh` for a new pair; valid once.
    #[schema(max_length = 128)]
    pub refresh_token: String,
    /// The logged-in member, as they see themselves.
    pub member: MemberResponse,
}

/// Log in with card number or phone and password.
///
/// Failed logins are counted per account and per client address; past the limit the answer is
/// 429 with `Retry-After` until the lock ends (15 minutes). An unknown login and a wrong
/// password get the same answer in about the same time.
#[utoipa::path(
    tag = "auth",
    operation_id = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong login or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins (`too_many_attempts`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = crate::dto::RetryAfterSeconds, description = "Seconds until the lock ends"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let LoginRequest { login, password } = body.into_inner();
    let login = login.trim().to_owned();
    if login.is_empty() {
        return Err(ApiError::invalid("login", Invalid::required()));
    }
    if login.chars().count() > MAX_LOGIN_LEN {
        return Err(ApiError::invalid("login", Invalid::too_long(MAX_LOGIN_LEN)));
    }
    if has_control(&login) {
        return Err(ApiError::invalid(
            "login",
            Invalid::new(
                "invalid_characters",
                "Không được chứa ký tự điều khiển.",
                "Must not contain control characters.",
            ),
        ));
    }
    let length = password.expose_secret().chars().count();
    if length == 0 || length > sotay_domain::password::MAX_LEN {
        return Err(ApiError::invalid(
            "password",
            Invalid::too_long(sotay_domain::password::MAX_LEN),
        ));
    }
    let card = CardNumber::parse(&login)
        .ok()
        .map(|card| card.as_str().to_owned());
    let phone = Phone::parse(&login)
        .ok()
        .map(|phone| phone.as_str().to_owned());
    let client_key = format!(
        "client:{}",
        request
            .peer_addr()
            .map_or_else(|| "unknown".to_owned(), |address| client_of(address.ip()))
    );
    let fallback_key = format!(
        "login:{}",
        card.clone()
            .or(phone.clone())
            .unwrap_or_else(|| login.to_lowercase())
    );

    let limits = state.login_limits;
    let client = client_key.clone();
    let now = clock::now();
    let (locked, member, account_key, reservation) =
        with_connection(&state.pool, move |connection| {
            let member = members::find_by_login(connection, card.as_deref(), phone.as_deref())?;
            // Every spelling of one account's login counts against the same key.
            let account_key = member
                .as_ref()
                .map_or(fallback_key, |member| format!("member:{}", member.id));
            let locked = throttle::locked_until(connection, &client, now)?;
            // The password is checked only once the account has a place for it (see
            // `throttle`); the first try is made on this trip to the database.
            let reservation = match locked {
                Some(_) => None,
                None => Some(throttle::reserve(
                    connection,
                    &account_key,
                    now,
                    limits.account(),
                )?),
            };
            Ok((locked, member, account_key, reservation))
        })
        .await?;
    let (None, Some(reservation)) = (locked, reservation) else {
        return Err(too_many_attempts(locked.unwrap_or(now), now));
    };
    let attempt = Attempt::hold(&state, account_key, limits.account(), reservation, now).await?;

    let stored = member
        .as_ref()
        .and_then(|member| member.password_hash.clone());
    let check = state.hasher.verify(password, stored).await?;
    let member = member.filter(may_log_in);
    let (member, upgrade) = match (check, member) {
        (PasswordCheck::Right, Some(member)) => (member, None),
        (PasswordCheck::RightWithUpgrade(hash), Some(member)) => (member, Some(hash)),
        _ => {
            attempt.failed(&state, client_key).await?;
            return Err(ApiError::InvalidCredentials);
        }
    };

    let state_for_tokens = state.clone();
    let account = attempt.key().to_owned();
    let response = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            throttle::settle(
                connection,
                &account,
                clock::now(),
                limits.account(),
                Some(true),
            )?;
            if let Some(hash) = &upgrade {
                members::upgrade_password_hash(connection, &member.id, hash)?;
            }
            start_session(&state_for_tokens, connection, member)
        })
    })
    .await?;
    // Settled in that transaction; had it failed, dropping the attempt gives the place back.
    attempt.settled();
    Ok(web::Json(response))
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[REDACTED]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &"[REDACTED]")
            .field("member", &self.member)
            .finish()
    }
}

/// Exchange a refresh token for a new pair.
///
/// The refresh token is spent: using it again revokes every token of the same login (someone
/// else must have it). Of several concurrent calls with one token, exactly one succeeds.
#[utoipa::path(
    tag = "auth",
    operation_id = "refresh",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = TokenResponse),
        (status = 401, description = "Unknown, spent, revoked or expired refresh token (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let token = body.refresh_token.expose_secret();
    check_refresh_token(token)?;
    let hash = RefreshToken::hash_of(token);
    let state_for_tokens = state.clone();
    let outcome = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let now = clock::now();
            // The write comes first: on SQLite it takes the lock before anything is read.
            let Some(spent) = sessions::spend_by_hash(connection, &hash, now)? else {
                let reused = sessions::find_by_hash(connection, &hash)?
                    .filter(|token| token.spent_at.is_some() && token.revoked_at.is_none());
                if let Some(token) = reused {
                    sessions::revoke_family(connection, &token.family_id, now)?;
                    tracing::warn!(family = %token.family_id, "a spent refresh token was reused: its family is revoked");
                }
                return Ok(None);
            };
            // A login from before "end all sessions" (or a password change) is over, even if
            // its refresh token was created while that was committing.
            let member = members::find(connection, &spent.member_id)?
                .filter(may_log_in)
                .filter(|member| member.session_epoch == spent.session_epoch);
            let Some(member) = member else {
                return Ok(None);
            };
            issue_pair(&state_for_tokens, connection, member, spent.family_id, spent.expires_at).map(Some)
        })
    })
    .await?;
    outcome.map(web::Json).ok_or(ApiError::Unauthorized)
}

/// Log out: revoke a refresh token (and its family).
///
/// Answers 204 whether or not the token was live, so that it reveals nothing. Access tokens
/// already issued expire on their own within 15 minutes; use `logout-all` to end them at once.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out"))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.refresh_token.expose_secret();
    check_refresh_token(token)?;
    let hash = RefreshToken::hash_of(token);
    with_connection(&state.pool, move |connection| {
        if let Some(token) = sessions::find_by_hash(connection, &hash)? {
            sessions::revoke_family(connection, &token.family_id, clock::now())?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// End every session of the caller, on every device.
///
/// Revokes all refresh tokens and invalidates all access tokens at once.
#[utoipa::path(
    tag = "auth",
    operation_id = "logout_all",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session ended"),
        (status = 401, description = "No valid access token (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout-all")]
pub async fn logout_all(
    state: web::Data<AppState>,
    caller: Authenticated,
) -> Result<HttpResponse, ApiError> {
    app::as_caller(&state, caller.0, move |connection, signed| {
        connection.write_transaction(|connection| end_all_sessions(connection, signed.actor()))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends every session of a member: refresh tokens revoked, access tokens invalidated.
pub fn end_all_sessions(connection: &mut DbConnection, member_id: &str) -> Result<(), ApiError> {
    members::bump_session_epoch(connection, member_id)?;
    sessions::revoke_all_of_member(connection, member_id, clock::now())?;
    Ok(())
}

/// A new login: a new family of refresh tokens, ending when the configured lifetime does.
pub fn start_session(
    state: &AppState,
    connection: &mut DbConnection,
    member: MemberRow,
) -> Result<TokenResponse, ApiError> {
    let lifetime =
        ChronoDuration::from_std(state.tokens.refresh_ttl()).map_err(ApiError::internal)?;
    let family = uuid::Uuid::now_v7().to_string();
    issue_pair(state, connection, member, family, clock::now() + lifetime)
}

/// Stores a new refresh token of `family` and signs an access token for `member`.
pub fn issue_pair(
    state: &AppState,
    connection: &mut DbConnection,
    member: MemberRow,
    family_id: String,
    family_expires_at: NaiveDateTime,
) -> Result<TokenResponse, ApiError> {
    let refresh_token = RefreshToken::generate()?;
    let now = clock::now();
    sessions::insert(
        connection,
        &sessions::NewRefreshToken {
            id: &uuid::Uuid::now_v7().to_string(),
            family_id: &family_id,
            member_id: &member.id,
            token_hash: &refresh_token.hash,
            session_epoch: member.session_epoch,
            created_at: now,
            expires_at: family_expires_at,
        },
    )?;
    let access_token = state
        .tokens
        .issue_access(&member.id, member.session_epoch, Utc::now())?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer",
        expires_in: state.tokens.access_ttl().as_secs(),
        refresh_token: refresh_token.token,
        member: {
            let cells = CellNames::own(connection, &member)?;
            MemberResponse::for_visibility(member, Visibility::Full, &cells)
                .ok_or_else(|| ApiError::internal("a member always sees themselves"))?
        },
    })
}

/// The schema's bounds on a refresh token, enforced: 1 to 128 characters.
fn check_refresh_token(token: &str) -> Result<(), ApiError> {
    if token.is_empty() || token.chars().count() > MAX_REFRESH_TOKEN_LEN {
        return Err(ApiError::invalid(
            "refresh_token",
            Invalid::too_long(MAX_REFRESH_TOKEN_LEN),
        ));
    }
    Ok(())
}

fn may_log_in(member: &MemberRow) -> bool {
    ActivityStatus::parse(&member.activity_status).is_ok_and(ActivityStatus::may_log_in)
}
