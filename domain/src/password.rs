//! Password rules (OWASP ASVS 5, V6.2): length only, no composition rules, and not a password
//! everyone else uses.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use crate::validation::Invalid;

pub const MIN_LEN: usize = 8;
/// Well above ASVS's "at least 64"; the bound keeps hashing cost per request bounded.
pub const MAX_LEN: usize = 128;
pub const RECOMMENDED_LEN: usize = 12;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .collect()
});

/// A new password that satisfies the rules. Its `Debug` never shows it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Checks a new password. `personal` holds values the password must not equal, such as
    /// the member's card number and phone.
    pub fn parse(raw: &str, personal: &[&str]) -> Result<Self, Invalid> {
        // One spelling of every letter, as the hasher checks it: "nở" typed composed or not.
        let raw = crate::text::nfc(raw);
        let raw = raw.as_ref();
        let length = raw.chars().count();
        if length < MIN_LEN {
            return Err(Invalid::new(
                "too_short",
                format!(
                    "Mật khẩu cần ít nhất {MIN_LEN} ký tự (nên từ {RECOMMENDED_LEN} ký tự trở lên, ví dụ một câu dễ nhớ)."
                ),
                format!(
                    "A password needs at least {MIN_LEN} characters ({RECOMMENDED_LEN} or more recommended: try a memorable sentence)."
                ),
            ));
        }
        if length > MAX_LEN {
            return Err(Invalid::too_long(MAX_LEN));
        }
        let lowered = raw.to_lowercase();
        if COMMON.contains(lowered.as_str()) || personal.iter().any(|p| p.to_lowercase() == lowered)
        {
            return Err(Invalid::new(
                "too_common",
                "Mật khẩu này quá phổ biến hoặc trùng thông tin cá nhân; hãy chọn mật khẩu khác.",
                "This password is too common or matches your personal details; choose another.",
            ));
        }
        Ok(Password(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_the_only_composition_rule() {
        assert!(Password::parse("hoa sen nở giữa hồ", &[]).is_ok());
        assert!(Password::parse("zzzzzzzq", &[]).is_ok(), "no class rules");
        assert_eq!(
            Password::parse("short1!", &[]).unwrap_err().code,
            "too_short"
        );
        assert!(Password::parse(&"x".repeat(MAX_LEN), &[]).is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(MAX_LEN + 1), &[])
                .unwrap_err()
                .code,
            "too_long"
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 8 Vietnamese letters take more than 8 bytes but are 8 characters.
        assert!(Password::parse("đườngđời", &[]).is_ok());
        assert_eq!(
            Password::parse("đườngđ", &[]).unwrap_err().code,
            "too_short"
        );
    }

    #[test]
    fn common_and_personal_passwords_are_refused_whatever_the_case() {
        for common in [
            "password",
            "PASSWORD1",
            "12345678",
            "matkhau123",
            "iloveyou",
        ] {
            assert_eq!(
                Password::parse(common, &[]).unwrap_err().code,
                "too_common",
                "{common}"
            );
        }
        let refused = Password::parse("0912345678", &["79012345", "0912345678"]);
        assert_eq!(refused.unwrap_err().code, "too_common");
    }

    #[test]
    fn the_common_list_is_loaded() {
        assert!(COMMON.len() >= 10_000);
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = Password::parse("một câu dài bí mật", &[]).unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
    }
}
