//! Phones registered for push: the platform, and the token the push service gave the app.

use crate::member::string_enum;
use crate::validation::Invalid;

string_enum!(
    /// Whose push service delivers to the phone.
    Platform {
        /// Firebase Cloud Messaging.
        Android => "android",
        /// Apple Push Notification service.
        Ios => "ios",
        /// Web Push, for the app installed from a browser.
        Web => "web",
    }
);

/// A member signs in on a few phones; registering one more forgets the longest unused.
pub const MAX_DEVICES_PER_MEMBER: usize = 10;

/// The longest token accepted: FCM's are ~160 characters, APNs' 64 hex digits, a Web Push
/// subscription's endpoint a few hundred.
pub const MAX_TOKEN_CHARS: usize = 1024;

/// A push token as the push service issued it: printable ASCII without spaces.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl DeviceToken {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.is_empty() {
            return Err(Invalid::required());
        }
        if raw.len() > MAX_TOKEN_CHARS {
            return Err(Invalid::too_long(MAX_TOKEN_CHARS));
        }
        if !raw.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(Invalid::new(
                "invalid_token",
                "Mã thiết bị chỉ gồm ký tự ASCII in được, không có khoảng trắng.",
                "A device token is printable ASCII without spaces.",
            ));
        }
        Ok(DeviceToken(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never printed: a push token lets anyone who has it write to the phone.
impl std::fmt::Debug for DeviceToken {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("DeviceToken([REDACTED])")
    }
}

pub const TOKEN_PATTERN: &str = "^[!-~]{1,1024}$";
