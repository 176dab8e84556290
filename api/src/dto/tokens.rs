//! A new pair of tokens: what logging in, refreshing and changing one's password answer.

use serde::Serialize;
use sotay_domain::access::Visibility;
use utoipa::ToSchema;

use crate::app::logins::IssuedSession;
use crate::dto::MemberResponse;
use crate::error::ApiError;

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

impl TryFrom<IssuedSession> for TokenResponse {
    type Error = ApiError;

    fn try_from(session: IssuedSession) -> Result<Self, ApiError> {
        Ok(TokenResponse {
            access_token: session.access_token,
            token_type: "Bearer",
            expires_in: session.expires_in,
            refresh_token: session.refresh_token,
            member: MemberResponse::for_visibility(
                session.member,
                Visibility::Full,
                &session.cells,
            )
            .ok_or_else(|| ApiError::internal("a member always sees themselves"))?,
        })
    }
}
