//! Request bodies of the authentication endpoints.

use secrecy::SecretString;
use serde::Deserialize;
use utoipa::ToSchema;

pub const MAX_LOGIN_LEN: usize = 64;
pub const MAX_REFRESH_TOKEN_LEN: usize = 128;

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
