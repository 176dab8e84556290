//! The bearer-token extractors. A handler that takes [`Caller`] is only reached with a valid
//! access token of a member who may use the app; every other request gets 401.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use sotay_domain::access::{self, HeldRole};
use sotay_domain::member::ActivityStatus;
use sotay_domain::org::OrgPath;
use sotay_domain::role::Role;
use sotay_persistence::members::{self, MemberRow};
use sotay_persistence::{clock, positions};

use crate::blocking::with_connection;
use crate::error::ApiError;
use crate::startup::AppState;

/// The authenticated member, whether or not they must change their password first.
pub struct Authenticated {
    pub caller: access::Caller,
    pub member: MemberRow,
}

/// The authenticated member, refused with 403 while they still hold a temporary password.
pub struct Caller(pub Authenticated);

impl std::ops::Deref for Caller {
    type Target = access::Caller;

    fn deref(&self) -> &access::Caller {
        &self.0.caller
    }
}

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let token = bearer_token(request);
        let state = request.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let token = token.ok_or(ApiError::Unauthorized)?;
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let claims = state
                .tokens
                .verify_access(&token)
                .ok_or(ApiError::Unauthorized)?;
            let member_id = claims.sub.clone();
            let (member, held) = with_connection(&state.pool, move |connection| {
                let Some(member) = members::find(connection, &member_id)? else {
                    return Ok((None, Vec::new()));
                };
                let held = positions::current_of_member(connection, &member_id, clock::today())?;
                Ok((Some(member), held))
            })
            .await?;
            let member = member
                .filter(|member| member.session_epoch == claims.sep)
                .filter(|member| {
                    ActivityStatus::parse(&member.activity_status)
                        .is_ok_and(ActivityStatus::may_log_in)
                })
                .ok_or(ApiError::Unauthorized)?;
            let caller = caller_of(&member, &held)?;
            Ok(Authenticated { caller, member })
        })
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Extracting<Self>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let authenticated = Authenticated::from_request(request, payload);
        Box::pin(async move {
            let authenticated = authenticated.await?;
            if authenticated.member.must_change_password {
                return Err(ApiError::PasswordChangeRequired);
            }
            Ok(Caller(authenticated))
        })
    }
}

/// `Authorization: Bearer <token>`, scheme case-insensitive (RFC 9110 §11.1).
fn bearer_token(request: &HttpRequest) -> Option<String> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The positions as the access rules see them (unknown roles or paths are skipped: they grant
/// nothing).
pub fn held_roles(held: &[positions::PositionWithPath]) -> Vec<HeldRole> {
    held.iter()
        .filter_map(|row| {
            let role = Role::parse(&row.position.role).ok()?;
            let at = match &row.org_path {
                Some(raw) => Some(OrgPath::parse(raw)?),
                None => None,
            };
            Some(HeldRole { role, at })
        })
        .collect()
}

/// The domain's view of the member and their current positions.
pub fn caller_of(
    member: &MemberRow,
    held: &[positions::PositionWithPath],
) -> Result<access::Caller, ApiError> {
    let path = |raw: &str| {
        OrgPath::parse(raw)
            .ok_or_else(|| ApiError::internal(format!("stored path {raw} is malformed")))
    };
    let roles = held_roles(held);
    Ok(access::Caller {
        member_id: member.id.parse().map_err(ApiError::internal)?,
        home: path(&member.org_path)?,
        attached: member.attached_org_path.as_deref().map(path).transpose()?,
        roles,
    })
}
