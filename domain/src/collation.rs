//! Vietnamese alphabetical order, as a sort key that any database compares byte by byte.
//!
//! Neither backend collates Vietnamese: SQLite compares bytes, and PostgreSQL's collations
//! depend on the server's locale. So the order is computed here, once, into an ASCII key that
//! is stored beside the text and compared with the "C" collation.
//!
//! The order is the dictionary's, word by word: a word's letters first, a ă â b c d đ e ê g h
//! i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z where foreign words have them); between
//! words of the same letters, their tones, in the order ngang, huyền, hỏi, ngã, sắc, nặng
//! (a à ả ã á ạ); only then the next word. So every "Anh" comes before every "Ánh", as a
//! secretary looking for a given name expects. Case and punctuation do not count.

use unicode_normalization::UnicodeNormalization;

/// The letters in order. A letter's position is its primary weight.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// Between words: below every letter and tone, so "An Bình" comes before "Anh".
const WORD_BREAK: char = '!';
/// Between a word's letters and its tones, and before the tie-break: below the word break,
/// so a name that is a prefix of another comes first.
const LEVEL_BREAK: char = ' ';
/// The first letter's weight; the alphabet's 33 letters run from '0' to 'P'.
const FIRST_LETTER: u8 = b'0';
/// Letters outside the Latin alphabet sort after it, among themselves by code point.
const OTHER_LETTER: char = '~';

/// Combining marks that make a new letter (ă, â, ê, ô, ơ, ư) rather than a tone.
const BREVE: char = '\u{0306}';
const CIRCUMFLEX: char = '\u{0302}';
const HORN: char = '\u{031B}';

/// The five tone marks, in their order after ngang (no mark).
const TONES: [char; 5] = ['\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}'];

/// A key for `words` in Vietnamese order, ending with `tie_break` so that no two keys are
/// equal. Words are taken as given; reorder them first for "given name first".
pub fn sort_key(words: &[&str], tie_break: &str) -> String {
    let mut key = String::new();
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            key.push(WORD_BREAK);
        }
        let mut tones = String::new();
        // Composed first, so that a letter and its marks arrive as one character.
        for c in word.nfc() {
            if let Some((letter, tone)) = weigh(c) {
                key.push_str(&letter);
                tones.push(tone);
            }
        }
        key.push(LEVEL_BREAK);
        key.push_str(&tones);
    }
    key.push(LEVEL_BREAK);
    key.push_str(tie_break);
    key
}

/// A personal name's key: the given name (the last word) first, then the family and middle
/// names, as Vietnamese lists are sorted: "Nguyễn Thị Lan" sorts as "Lan Nguyễn Thị".
pub fn given_name_first_key(full_name: &str, tie_break: &str) -> String {
    let mut words: Vec<&str> = full_name.split_whitespace().collect();
    if let Some(given) = words.pop() {
        words.insert(0, given);
    }
    sort_key(&words, tie_break)
}

/// The primary weight (one or more ASCII characters) and the tone digit of one character;
/// `None` for what does not count (punctuation, spaces, stray marks).
fn weigh(c: char) -> Option<(String, char)> {
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next()?;
    let mut base = base.to_lowercase().next().unwrap_or(base);
    let mut tone = '0';
    for mark in parts {
        base = match (base, mark) {
            ('a', BREVE) => 'ă',
            ('a', CIRCUMFLEX) => 'â',
            ('e', CIRCUMFLEX) => 'ê',
            ('o', CIRCUMFLEX) => 'ô',
            ('o', HORN) => 'ơ',
            ('u', HORN) => 'ư',
            _ => {
                if let Some(position) = TONES.iter().position(|t| *t == mark) {
                    tone = char::from(b'1' + u8::try_from(position).unwrap_or(0));
                }
                base
            }
        };
    }
    if !base.is_alphabetic() {
        return None;
    }
    let mut name = [0u8; 4];
    let letter = base.encode_utf8(&mut name);
    let weight = match ALPHABET.iter().position(|l| *l == letter) {
        Some(position) => {
            char::from(FIRST_LETTER + u8::try_from(position).unwrap_or(u8::MAX - FIRST_LETTER))
                .to_string()
        }
        None => format!("{OTHER_LETTER}{:06x}", u32::from(base)),
    };
    Some((weight, tone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut keyed: Vec<(String, &str)> = names
            .iter()
            .map(|name| (given_name_first_key(name, ""), *name))
            .collect();
        keyed.sort();
        keyed.into_iter().map(|(_, name)| name.to_owned()).collect()
    }

    #[test]
    fn given_names_come_first() {
        assert_eq!(
            sorted(&["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An"]),
            ["Lê Văn An", "Nguyễn Thị An", "Trần Văn Bình"]
        );
    }

    #[test]
    fn modified_letters_follow_their_base_letter() {
        assert_eq!(
            sorted(&[
                "Lê Ân",
                "Lê Bắc",
                "Lê Ăn",
                "Lê An",
                "Lê Đức",
                "Lê Dũng",
                "Lê Ê",
                "Lê Em"
            ]),
            [
                "Lê An",
                "Lê Ăn",
                "Lê Ân",
                "Lê Bắc",
                "Lê Dũng",
                "Lê Đức",
                "Lê Em",
                "Lê Ê"
            ]
        );
        assert_eq!(
            sorted(&["Lê Ưng", "Lê Vân", "Lê Uyên", "Lê Ơn", "Lê Ông", "Lê Oanh"]),
            ["Lê Oanh", "Lê Ông", "Lê Ơn", "Lê Uyên", "Lê Ưng", "Lê Vân"]
        );
    }

    #[test]
    fn a_given_name_is_compared_whole_before_the_family_name() {
        assert_eq!(
            sorted(&["Nguyễn Thị Ánh", "Phạm Thị Anh", "Bùi Thị Ánh", "Võ Anh"]),
            ["Phạm Thị Anh", "Võ Anh", "Bùi Thị Ánh", "Nguyễn Thị Ánh"]
        );
    }

    #[test]
    fn tones_decide_only_between_the_same_letters() {
        assert_eq!(
            sorted(&[
                "Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà", "Lê Ma", "Lê Mai"
            ]),
            [
                "Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ", "Lê Mai"
            ]
        );
    }

    #[test]
    fn a_shorter_word_comes_before_a_longer_one() {
        let key = |words: &[&str]| sort_key(words, "");
        assert!(key(&["An"]) < key(&["An", "Bình"]));
        assert!(key(&["An", "Bình"]) < key(&["Anh", "Bảo"]));
        assert!(key(&["Lan", "Nguyễn"]) < key(&["Lan", "Nguyễn", "Thị"]));
    }

    #[test]
    fn case_punctuation_and_unicode_form_do_not_count() {
        let nfc = given_name_first_key("Ksor H’Bơ Khăp", "");
        assert_eq!(given_name_first_key("KSOR H'BƠ KHĂP", ""), nfc);
        assert_eq!(
            given_name_first_key("Ksor H\u{2019}Bo\u{031B} Kha\u{0306}p", ""),
            nfc
        );
    }

    #[test]
    fn keys_are_ascii_and_end_with_the_tie_break() {
        let key = given_name_first_key("Nguyễn Thị Lan", "0192f3a4");
        assert!(key.is_ascii(), "{key}");
        assert!(key.ends_with(" 0192f3a4"), "{key}");
        assert!(given_name_first_key("Lan", "a") < given_name_first_key("Lan", "b"));
    }
}
