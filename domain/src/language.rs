//! The language a person reads messages in.
//!
//! The handbook speaks Vietnamese by default; English is offered for developers and visitors.

/// A language the product has messages in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// Tiếng Việt: the default whenever the caller states no usable preference.
    #[default]
    Vietnamese,
    English,
}

impl Language {
    /// The BCP 47 tag, for `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Vietnamese => "vi",
            Language::English => "en",
        }
    }

    /// Picks the language from an `Accept-Language` value (RFC 9110 §12.5.4).
    ///
    /// The supported language with the highest weight wins; on a tie the one listed first wins.
    /// Unknown languages, `*` and malformed entries are ignored, so anything unusable yields
    /// Vietnamese.
    pub fn negotiate(accept_language: Option<&str>) -> Language {
        let Some(header) = accept_language else {
            return Language::default();
        };
        let mut best: Option<(Language, u16)> = None;
        for entry in header.split(',') {
            let Some((language, weight)) = parse_entry(entry) else {
                continue;
            };
            if weight == 0 {
                continue;
            }
            if best.is_none_or(|(_, best_weight)| weight > best_weight) {
                best = Some((language, weight));
            }
        }
        best.map_or_else(Language::default, |(language, _)| language)
    }
}

/// One `language-range [;q=weight]` entry; the weight is in thousandths (q=0.8 → 800).
fn parse_entry(entry: &str) -> Option<(Language, u16)> {
    let mut parts = entry.split(';');
    let range = parts.next()?.trim();
    let primary = range.split('-').next()?.to_ascii_lowercase();
    let language = match primary.as_str() {
        "vi" => Language::Vietnamese,
        "en" => Language::English,
        _ => return None,
    };
    let mut weight = 1000;
    for parameter in parts {
        let (name, value) = parameter.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            weight = parse_weight(value.trim())?;
        }
    }
    Some((language, weight))
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`
fn parse_weight(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Language::{English, Vietnamese};
    use super::*;

    #[test]
    fn no_header_means_vietnamese() {
        assert_eq!(Language::negotiate(None), Vietnamese);
    }

    #[test]
    fn english_is_chosen_when_asked_for() {
        assert_eq!(Language::negotiate(Some("en")), English);
        assert_eq!(Language::negotiate(Some("en-US,en;q=0.9")), English);
    }

    #[test]
    fn highest_weight_wins_whatever_the_order() {
        assert_eq!(Language::negotiate(Some("en;q=0.5, vi;q=0.8")), Vietnamese);
        assert_eq!(Language::negotiate(Some("vi;q=0.3, en")), English);
    }

    #[test]
    fn first_listed_wins_a_tie() {
        assert_eq!(Language::negotiate(Some("vi, en")), Vietnamese);
        assert_eq!(Language::negotiate(Some("en, vi")), English);
    }

    #[test]
    fn unsupported_and_refused_languages_fall_back_to_vietnamese() {
        assert_eq!(Language::negotiate(Some("fr-FR, de;q=0.9")), Vietnamese);
        assert_eq!(Language::negotiate(Some("en;q=0")), Vietnamese);
        assert_eq!(Language::negotiate(Some("*")), Vietnamese);
    }

    #[test]
    fn malformed_entries_are_ignored_not_fatal() {
        assert_eq!(Language::negotiate(Some("en;q=2, fr")), Vietnamese);
        assert_eq!(Language::negotiate(Some("en;q=abc")), Vietnamese);
        assert_eq!(Language::negotiate(Some(";;,,")), Vietnamese);
        assert_eq!(
            Language::negotiate(Some("en;q=0.1234, en-GB;q=0.7")),
            English
        );
    }

    #[test]
    fn tags_are_bcp47() {
        assert_eq!(Vietnamese.tag(), "vi");
        assert_eq!(English.tag(), "en");
    }
}
