//! A party member: identity and status here; where they take part in [`standing`], the
//! positions they hold in [`positions`].

pub mod positions;
pub mod standing;

use chrono::{Datelike, NaiveDate};

use crate::text;
use crate::validation::Invalid;

/// Số thẻ đảng viên: the party-card number, unique, the member's login.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CardNumber(String);

impl CardNumber {
    pub const MIN_LEN: usize = 6;
    pub const MAX_LEN: usize = 20;
    /// The rule as a JSON-Schema pattern (with `MIN_LEN`/`MAX_LEN` as the length bounds):
    /// letters, digits, `.` and `-`, with at least one digit.
    pub const PATTERN: &'static str = r"^[A-Za-z.-]*[0-9][0-9A-Za-z.-]*$";

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let card: String = raw.trim().to_ascii_uppercase();
        if card.is_empty() {
            return Err(Invalid::required());
        }
        let plain = card
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&card.len())
            || !plain
            || !card.bytes().any(|b| b.is_ascii_digit())
        {
            return Err(Invalid::new(
                "invalid_format",
                "Số thẻ đảng viên gồm 6 đến 20 chữ số (có thể kèm chữ cái, dấu . hoặc -).",
                "A party-card number has 6 to 20 digits (letters, . and - allowed).",
            ));
        }
        Ok(CardNumber(card))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's full name, e.g. "Nguyễn Thị Lan" or "Ksor H’Bơ Khăp".
///
/// Latin letters (Vietnamese and the Latin transcriptions of ethnic-minority names), with
/// spaces, apostrophes, hyphens and dots between them. Stored in NFC with single spaces and one
/// apostrophe, `’`, whichever of `'`, `’`, `‘` or `ʼ` was typed: phone keyboards type `’`, desktop
/// ones `'`, and search and uniqueness must not depend on which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_LEN: usize = 100;
    /// The stored apostrophe.
    pub const APOSTROPHE: char = '\u{2019}';
    /// The rule as a JSON-Schema pattern (ECMA-262 and Python agree on it): around what
    /// trimming removes, at least one letter, and otherwise only letters, combining marks,
    /// apostrophes, `.`, `-` and spaces (any kind: they are collapsed into one).
    pub const PATTERN: &'static str = r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF\u0300-\u036F'\u2018\u2019\u02BC.\u0020\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000-]*[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF\u0300-\u036F'\u2018\u2019\u02BC.\u0020\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000-]*[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = Self::canonical(&text::single_line(raw, Self::MAX_LEN)?);
        let allowed = |c: char| {
            is_name_letter(c)
                || is_combining(c)
                || matches!(c, ' ' | '-' | '.')
                || c == Self::APOSTROPHE
        };
        if !name.chars().all(allowed) || !name.chars().any(is_name_letter) {
            return Err(Invalid::new(
                "invalid_characters",
                "Họ tên gồm chữ cái tiếng Việt hoặc Latin, có thể kèm khoảng trắng, dấu nháy (’ hoặc '), dấu gạch nối (-) và dấu chấm (.); không có chữ số hay ký hiệu khác.",
                "A name holds Vietnamese or other Latin letters, with spaces, apostrophes (’ or '), hyphens (-) and dots (.) between them; no digits or other symbols.",
            ));
        }
        Ok(PersonName(name))
    }

    /// The stored spelling of `raw`, whether or not it is a valid name (names stored before a
    /// rule changed are rewritten with this): NFC, single spaces ("Nguyễn  Văn A" and "Nguyễn
    /// Văn A" are one person's name) and one apostrophe.
    pub fn canonical(raw: &str) -> String {
        text::nfc(raw)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(|c| {
                if text::APOSTROPHES.contains(&c) {
                    Self::APOSTROPHE
                } else {
                    c
                }
            })
            .collect()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folded name that member search matches against.
    pub fn search_name(&self) -> String {
        text::fold_for_search(&self.0)
    }

    /// The key that lists members in Vietnamese order, given name first ("Nguyễn Thị Lan"
    /// sorts as "Lan Nguyễn Thị"); `tie_break` (the member's id) keeps keys unique.
    pub fn sort_key(&self, tie_break: &str) -> String {
        crate::collation::given_name_first_key(&self.0, tie_break)
    }
}

/// The letters of [`PersonName::PATTERN`]: Latin, with every precomposed Vietnamese letter.
fn is_name_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// Marks left after NFC where no precomposed letter exists.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// A Vietnamese mobile number, stored in the national form `0xxxxxxxxx`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// The longest input accepted: `+84 (912) 345-678` and its like, spaces and all.
    pub const MAX_INPUT_LEN: usize = 20;
    /// The stored national form: `0` and nine digits.
    pub const LEN: usize = 10;
    /// The rule as a JSON-Schema pattern (with `MAX_INPUT_LEN`): `0`, `84` or `+84`, then a
    /// non-zero digit and eight more, with spaces, dots, dashes and brackets anywhere between.
    pub const PATTERN: &'static str =
        r"^[ .()-]*(?:\+[ .()-]*8[ .()-]*4|8[ .()-]*4|0)[ .()-]*[1-9](?:[ .()-]*[0-9]){8}[ .()-]*$";

    /// Accepts `0912 345 678`, `0912.345.678`, `+84 912 345 678` and `84912345678`.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
            .collect();
        if compact.is_empty() {
            return Err(Invalid::required());
        }
        let national = if let Some(rest) = compact.strip_prefix("+84") {
            format!("0{rest}")
        } else if let Some(rest) = compact.strip_prefix("84").filter(|r| r.len() == 9) {
            format!("0{rest}")
        } else {
            compact
        };
        let valid = raw.chars().count() <= Self::MAX_INPUT_LEN
            && national.len() == Self::LEN
            && national.starts_with('0')
            && national.as_bytes()[1] != b'0'
            && national.bytes().all(|b| b.is_ascii_digit());
        if !valid {
            return Err(Invalid::new(
                "invalid_format",
                "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).",
                "A mobile number has 10 digits starting with 0 (or +84).",
            ));
        }
        Ok(Phone(national))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Số CCCD: the 12-digit citizen identity number. Sensitive: shown only to the member and to
/// managers of their subtree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CitizenId(String);

impl CitizenId {
    pub const LEN: usize = 12;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let id = raw.trim();
        if id.len() != Self::LEN || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new(
                "invalid_format",
                "Số căn cước công dân gồm đúng 12 chữ số.",
                "A citizen identity number has exactly 12 digits.",
            ));
        }
        Ok(CitizenId(id.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$variant_doc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$variant_doc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                match raw.trim() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(Invalid::not_one_of(&[$($text),+])),
                }
            }
        }

        /// Its stored text, as storage writes it.
        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    Gender { Male => "male", Female => "female" }
);

string_enum!(
    /// Đảng viên chính thức or dự bị (12 months; may not vote or stand for election).
    PartyStatus { Official => "official", Probationary => "probationary" }
);

string_enum!(
    /// Whether the member takes part in party life now.
    ActivityStatus {
        /// Takes part and is counted.
        Active => "active",
        /// Miễn công tác và sinh hoạt đảng (elderly or ill): not counted in attendance.
        Exempt => "exempt",
        /// Đình chỉ sinh hoạt: suspended; may not log in.
        Suspended => "suspended",
        /// Removed or transferred out: history kept, may not log in.
        Removed => "removed",
    }
);

impl ActivityStatus {
    /// Whether a member with this status may use the app.
    pub fn may_log_in(self) -> bool {
        matches!(self, ActivityStatus::Active | ActivityStatus::Exempt)
    }
}

/// The party charter admits members from the age of 18.
pub const MIN_AGE_AT_ADMISSION: i32 = 18;

/// [`plausible`] as a JSON-Schema pattern for `YYYY-MM-DD` dates.
pub const DATE_PATTERN: &str = r"^(?:19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$";

/// Dates the records can hold: the Party was founded in 1930 and people born before 1900 are
/// not members; the bound also keeps absurd years away from the database.
pub fn plausible(date: NaiveDate) -> bool {
    (1900..=2100).contains(&date.year())
}

pub fn out_of_range() -> Invalid {
    Invalid::new(
        "out_of_range",
        "Năm phải từ 1900 đến 2100.",
        "The year must be from 1900 to 2100.",
    )
}

/// Checks the member's dates against each other and `today`, returning the broken rules by
/// field.
pub fn check_dates(
    date_of_birth: Option<NaiveDate>,
    joined_on: Option<NaiveDate>,
    official_on: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<(&'static str, Invalid)> {
    let mut broken = Vec::new();
    let future = || {
        Invalid::new(
            "in_future",
            "Ngày không được ở tương lai.",
            "The date must not be in the future.",
        )
    };
    for (field, date) in [
        ("date_of_birth", date_of_birth),
        ("joined_on", joined_on),
        ("official_on", official_on),
    ] {
        if date.is_some_and(|d| d > today) {
            broken.push((field, future()));
        }
    }
    for (field, date) in [
        ("date_of_birth", date_of_birth),
        ("joined_on", joined_on),
        ("official_on", official_on),
    ] {
        if date.is_some_and(|d| !plausible(d)) {
            broken.push((field, out_of_range()));
        }
    }
    if let (Some(born), Some(joined)) = (date_of_birth, joined_on)
        && born
            .with_year(born.year() + MIN_AGE_AT_ADMISSION)
            .or_else(|| {
                born.with_day(28)
                    .and_then(|d| d.with_year(born.year() + MIN_AGE_AT_ADMISSION))
            })
            .is_some_and(|adult| joined < adult)
    {
        broken.push((
            "joined_on",
            Invalid::new(
                "too_young",
                "Đảng viên được kết nạp từ đủ 18 tuổi.",
                "Members are admitted from the age of 18.",
            ),
        ));
    }
    if let (Some(joined), Some(official)) = (joined_on, official_on)
        && official < joined
    {
        broken.push((
            "official_on",
            Invalid::new(
                "before_joining",
                "Ngày chính thức không thể trước ngày kết nạp.",
                "The official date cannot be before the admission date.",
            ),
        ));
    }
    broken
}

#[cfg(test)]
mod tests;
