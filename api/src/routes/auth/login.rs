//! `POST /auth/login`: card number or phone, and password.

use actix_web::{HttpRequest, post, web};
use secrecy::ExposeSecret;
use sotay_domain::Invalid;
use sotay_domain::member::{CardNumber, Phone};
use sotay_domain::text::has_control;
use sotay_persistence::clock;

use super::dto::{LoginRequest, MAX_LOGIN_LEN};
use crate::app::logins;
use crate::app::with_connection;
use crate::auth::{Attempt, PasswordCheck, client_of, too_many_attempts};
use crate::dto::tokens::TokenResponse;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

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
        (status = 429, description = "Too many failed logins (`too_many_attempts`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = crate::dto::RetryAfterSeconds, description = "Seconds until the lock ends"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: JsonBody<LoginRequest>,
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
    let lookup = with_connection(&state.pool, move |connection| {
        logins::look_up_login(
            connection,
            card.as_deref(),
            phone.as_deref(),
            fallback_key,
            &client,
            limits,
            now,
        )
    })
    .await?;
    let (None, Some(reservation)) = (lookup.locked_until, lookup.reservation) else {
        return Err(too_many_attempts(lookup.locked_until.unwrap_or(now), now));
    };
    let attempt = Attempt::hold(
        &state,
        lookup.account_key,
        limits.account(),
        reservation,
        now,
    )
    .await?;

    let member = lookup.member;
    let stored = member
        .as_ref()
        .and_then(|member| member.password_hash.clone());
    let check = state.hasher.verify(password, stored).await?;
    let member = member.filter(logins::may_log_in);
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
    let issued = with_connection(&state.pool, move |connection| {
        logins::complete_login(
            connection,
            &state_for_tokens.tokens,
            limits,
            &account,
            member,
            upgrade.as_deref(),
        )
    })
    .await?;
    // Settled in that transaction; had it failed, dropping the attempt gives the place back.
    attempt.settled();
    Ok(web::Json(TokenResponse::try_from(issued)?))
}
