//! Free text typed by people: in one Unicode form, trimmed, bounded, free of control
//! characters; and its folded form for diacritic-blind search.
//!
//! Vietnamese reaches us in two spellings of the same letters: precomposed (NFC, "ộ" as one
//! code point) from most keyboards, decomposed (NFD, "o" + circumflex + dot below) from
//! keyboards set to composite Unicode and from text pasted out of PDFs. Everything stored is
//! NFC, so that equal text is equal bytes; search folds both to plain letters.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::validation::Invalid;

// The patterns below state the text rules for JSON Schema (ECMA-262 and Python's `re` read
// them alike). Trimming removes Unicode whitespace at both ends, some of which are control
// characters (tab, line feed, NEL…); what is left must start and end with a visible character.

/// The rule of [`single_line`]: whitespace, then text without control characters that starts
/// and ends visibly, then whitespace.
pub const SINGLE_LINE_PATTERN: &str = r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[^\u0000-\u001F\u007F-\u009F]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// The rule of [`multi_line`]: as [`SINGLE_LINE_PATTERN`], but tab, line feed and carriage
/// return may occur inside, and blank text is allowed (it means none).
pub const MULTI_LINE_PATTERN: &str = r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*(?:[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?)?[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// [`MULTI_LINE_PATTERN`] for text that must not be blank.
pub const MULTI_LINE_REQUIRED_PATTERN: &str = r"^[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000](?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\u0000-\u0020\u007F-\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000])?[\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*$";

/// `raw` in Unicode Normalization Form C; borrowed when it already is (the usual case).
pub fn nfc(raw: &str) -> Cow<'_, str> {
    match is_nfc_quick(raw.chars()) {
        IsNormalized::Yes => Cow::Borrowed(raw),
        IsNormalized::No | IsNormalized::Maybe => Cow::Owned(raw.nfc().collect()),
    }
}

/// One line of text: NFC, trimmed, at most `max_chars` characters (not bytes: Vietnamese
/// letters take several), no control characters.
///
/// The bound holds for the text as sent (in NFC), spaces around it included: it is the
/// `maxLength` the OpenAPI document states, and a value the schema refuses must not be
/// accepted because trimming would shorten it.
pub fn single_line(raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let normal = nfc(raw);
    let value = normal.trim();
    if value.is_empty() {
        return Err(Invalid::required());
    }
    if normal.chars().count() > max_chars {
        return Err(Invalid::too_long(max_chars));
    }
    if has_control(value) {
        return Err(Invalid::new(
            "invalid_characters",
            "Không được chứa ký tự điều khiển hoặc xuống dòng.",
            "Must not contain control characters or line breaks.",
        ));
    }
    Ok(value.to_owned())
}

/// Text of several lines (a summary, a description, a Markdown body): NFC, trimmed, bounded
/// in characters, free of control characters other than line breaks and tabs. Empty is `None`.
pub fn multi_line(raw: &str, max_chars: usize) -> Result<Option<String>, Invalid> {
    let normal = nfc(raw);
    let value = normal.trim();
    if value.is_empty() {
        return Ok(None);
    }
    // As for `single_line`: the bound is the schema's, on the text as sent.
    if normal.chars().count() > max_chars {
        return Err(Invalid::too_long(max_chars));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Invalid::new(
            "invalid_characters",
            "Không được chứa ký tự điều khiển.",
            "Must not contain control characters.",
        ));
    }
    Ok(Some(value.to_owned()))
}

/// Whether `text` holds control characters (NUL, line breaks…): refused in every search and
/// key, since PostgreSQL cannot store NUL and nothing legitimate needs them there.
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// The apostrophes people type in names such as "H’Bơ": ASCII `'`, the typographic `’` that
/// phone keyboards insert, `‘`, and the modifier letter `ʼ`.
pub const APOSTROPHES: [char; 4] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}'];

/// Folds text for diacritic-blind search: "Nghị quyết Đại hội" → "nghi quyet dai hoi",
/// whichever Unicode form it was typed in. Compatibility decomposition (NFKD) splits every
/// letter from its marks (and full-width or ligature forms into plain letters); the marks are
/// dropped and the rest lower-cased. Đ/đ is a letter of its own, not d with a mark, so it is
/// folded by name; every apostrophe becomes `'`.
pub fn fold_for_search(text: &str) -> String {
    text.nfkd()
        .flat_map(char::to_lowercase)
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            c if APOSTROPHES.contains(&c) => '\'',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_counts_the_text_as_sent_spaces_around_it_included() {
        let padded = format!("\u{a0}\u{2002}{}", "a".repeat(199));
        assert_eq!(single_line(&padded, 200).unwrap_err().code, "too_long");
        assert_eq!(single_line(&"a".repeat(200), 200).unwrap(), "a".repeat(200));
        let padded_body = format!("{}\n\n", "b".repeat(99));
        assert_eq!(multi_line(&padded_body, 100).unwrap_err().code, "too_long");
        // NFD counts as its NFC form: a decomposed letter is one character.
        assert!(single_line(&"e\u{302}\u{301}".repeat(100), 100).is_ok());
    }

    #[test]
    fn single_line_trims_and_bounds_by_characters() {
        assert_eq!(single_line("  Chi bộ 1  ", 20).unwrap(), "Chi bộ 1");
        assert_eq!(single_line("Đảng", 4).unwrap(), "Đảng");
        assert_eq!(single_line("Đảng ủy", 4).unwrap_err().code, "too_long");
        assert_eq!(single_line("   ", 4).unwrap_err().code, "required");
        assert_eq!(
            single_line("a\nb", 4).unwrap_err().code,
            "invalid_characters"
        );
    }

    /// "Hương An" as composite keyboards and PDFs produce it: base letters and marks.
    const HUONG_AN_NFD: &str = "Hu\u{031B}o\u{031B}ng An";

    #[test]
    fn folding_removes_vietnamese_marks_and_case() {
        assert_eq!(fold_for_search("Nghị quyết Đại hội"), "nghi quyet dai hoi");
        assert_eq!(fold_for_search("Hương An"), "huong an");
        assert_eq!(fold_for_search("ĐẢNG ỦY"), "dang uy");
        assert_eq!(fold_for_search("Ｃｈｉ ｂộ"), "chi bo");
        assert_eq!(fold_for_search("Ksor H’Bơ"), "ksor h'bo");
    }

    #[test]
    fn decomposed_text_folds_and_stores_as_its_precomposed_twin() {
        assert_ne!(HUONG_AN_NFD, "Hương An");
        assert_eq!(fold_for_search(HUONG_AN_NFD), "huong an");
        assert_eq!(single_line(HUONG_AN_NFD, 20).unwrap(), "Hương An");
        let nfd_resolution = "Nghi\u{0323} quye\u{0302}\u{0301}t";
        assert_eq!(fold_for_search(nfd_resolution), "nghi quyet");
        assert_eq!(
            multi_line(nfd_resolution, 20).unwrap().as_deref(),
            Some("Nghị quyết")
        );
    }

    #[test]
    fn lengths_count_precomposed_letters() {
        // 8 letters in NFC, 12 code points in NFD: the bound is on what a reader sees.
        let nfd = "Nghi\u{0323} quye\u{0302}\u{0301}t";
        assert_eq!(nfd.chars().count(), 13);
        assert!(single_line(nfd, 10).is_ok());
    }

    #[test]
    fn already_normal_text_is_not_copied() {
        assert!(matches!(nfc("Chi bộ 1"), Cow::Borrowed(_)));
        assert!(matches!(nfc(HUONG_AN_NFD), Cow::Owned(_)));
    }
}
