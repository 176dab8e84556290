//! Số hiệu: a document's code, checked against its kind.

use super::DocumentKind;
use crate::validation::Invalid;

/// Số hiệu: `50-CT/TW`, `339-QĐ/TW`, `01-NQ/ĐH`, `42-HD/BTCTW`. A number, the kind's
/// abbreviation, and after the slash the issuing body's (which may itself hold a hyphen:
/// `NQ/ĐU-UBND` is not a party code, but `05-NQ/ĐU` is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCode {
    code: String,
    abbreviation_end: usize,
}

impl DocumentCode {
    pub const MAX_LEN: usize = 40;
    /// The rule as a JSON-Schema pattern (before trimming and upper-casing, which the server
    /// does): number, `-`, the kind's letters, `/`, the issuer's letters and digits in parts
    /// joined by `-`.
    pub const PATTERN: &'static str = r"^[0-9]{1,6}-[A-Za-z\u0110\u0111]+/[0-9A-Za-z\u0110\u0111]+(?:-[0-9A-Za-z\u0110\u0111]+)*$";

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code: String = raw.trim().to_uppercase();
        if code.is_empty() {
            return Err(Invalid::required());
        }
        if code.chars().count() > Self::MAX_LEN {
            return Err(Invalid::too_long(Self::MAX_LEN));
        }
        let malformed = || {
            Invalid::new(
                "invalid_format",
                "Số hiệu có dạng số-loại/cơ quan ban hành, ví dụ 50-CT/TW hoặc 01-NQ/ĐH.",
                "A document code reads number-KIND/ISSUER, e.g. 50-CT/TW or 01-NQ/ĐH.",
            )
        };
        let (number, rest) = code.split_once('-').ok_or_else(malformed)?;
        let (abbreviation, issuer) = rest.split_once('/').ok_or_else(malformed)?;
        let letters = |part: &str| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
        };
        let issuer_ok = issuer.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == 'Đ')
        });
        let number_ok =
            (1..=6).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        if !number_ok || !letters(abbreviation) || !issuer_ok {
            return Err(malformed());
        }
        let abbreviation_end = number.len() + 1 + abbreviation.len();
        Ok(DocumentCode {
            code,
            abbreviation_end,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// `CT` of `50-CT/TW`.
    pub fn abbreviation(&self) -> &str {
        let start = self.code.find('-').map_or(0, |dash| dash + 1);
        &self.code[start..self.abbreviation_end]
    }

    /// Refuses a code whose abbreviation names another kind: `50-CT/TW` is no resolution.
    pub fn check_kind(&self, kind: DocumentKind) -> Result<(), Invalid> {
        match kind.abbreviation() {
            Some(expected) if expected != self.abbreviation() => Err(Invalid::new(
                "kind_mismatch",
                format!(
                    "Số hiệu của văn bản loại này mang ký hiệu {expected}, không phải {}.",
                    self.abbreviation()
                ),
                format!(
                    "A code of this kind carries {expected}, not {}.",
                    self.abbreviation()
                ),
            )),
            _ => Ok(()),
        }
    }
}
