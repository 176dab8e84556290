//! A phone as it registers, and as the API shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::notification::{DeviceToken, Platform};
use sotay_domain::validation::Violations;
use sotay_persistence::notifications::devices_store::DeviceRow;
use utoipa::ToSchema;

use crate::dto::{utc, wire_enum};
use crate::error::ApiError;

wire_enum!(
    /// Whose push service reaches the phone: `android` (FCM), `ios` (APNs), `web` (Web Push).
    PlatformName => Platform { Android, Ios, Web }
);

/// A phone to push to.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"platform": "android", "token": "fGx1c2h0b2tlbi1vZi1hLXBob25l:APA91bH7xq"}))]
pub struct RegisterDeviceRequest {
    pub platform: PlatformName,
    /// The token the push service gave the app: printable ASCII, no spaces.
    #[schema(min_length = 1, max_length = 1024, pattern = "^[!-~]{1,1024}$")]
    pub token: String,
}

/// The token is a secret of the phone's: never printed.
impl std::fmt::Debug for RegisterDeviceRequest {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("RegisterDeviceRequest")
            .field("platform", &self.platform)
            .field("token", &"[REDACTED]")
            .finish()
    }
}

impl RegisterDeviceRequest {
    pub fn parsed(&self) -> Result<(Platform, DeviceToken), ApiError> {
        let mut violations = Violations::new();
        let token = violations.check("token", DeviceToken::parse(&self.token));
        violations
            .finish(|| Some((self.platform.into(), token?)))
            .map_err(ApiError::validation)
    }
}

/// A registered phone. The token is not shown back.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c00-7000-8000-00000000de01", "platform": "android",
    "registered_at": "2025-09-08T01:30:05Z"
}))]
pub struct DeviceResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub platform: PlatformName,
    /// When it was last registered (by this member, or by whoever used the phone before).
    pub registered_at: DateTime<Utc>,
}

impl From<DeviceRow> for DeviceResponse {
    fn from(row: DeviceRow) -> Self {
        DeviceResponse {
            id: row.id.to_string(),
            platform: row.platform.into(),
            registered_at: utc(row.updated_at),
        }
    }
}
