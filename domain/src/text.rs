//! Free text typed by people: trimmed, bounded, free of control characters.

use crate::validation::Invalid;

/// Trims `raw` and checks its length in characters (not bytes: Vietnamese letters take several).
pub fn single_line(raw: &str, max_chars: usize) -> Result<String, Invalid> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(Invalid::required());
    }
    if value.chars().count() > max_chars {
        return Err(Invalid::too_long(max_chars));
    }
    if value.chars().any(char::is_control) {
        return Err(Invalid::new(
            "invalid_characters",
            "Không được chứa ký tự điều khiển hoặc xuống dòng.",
            "Must not contain control characters or line breaks.",
        ));
    }
    Ok(value.to_owned())
}

/// Whether `text` holds control characters (NUL, line breaks…): refused in every search and
/// key, since PostgreSQL cannot store NUL and nothing legitimate needs them there.
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Folds Vietnamese to plain ASCII lower case for search: "Nghị quyết Đại hội" → "nghi quyet dai
/// hoi". đ/Đ fold to d.
pub fn fold_for_search(text: &str) -> String {
    text.chars().flat_map(fold_char).collect()
}

fn fold_char(c: char) -> impl Iterator<Item = char> {
    let lower: Vec<char> = c.to_lowercase().collect();
    lower.into_iter().map(|c| match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn folding_removes_vietnamese_marks_and_case() {
        assert_eq!(fold_for_search("Nghị quyết Đại hội"), "nghi quyet dai hoi");
        assert_eq!(fold_for_search("Hương An"), "huong an");
        assert_eq!(fold_for_search("ĐẢNG ỦY"), "dang uy");
    }
}
