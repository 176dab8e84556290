//! The OpenAPI document app developers build against, committed as `openapi/openapi.json`.
//!
//! The document is generated from the server's route table (`sotay_api::openapi`); this crate
//! keeps the committed copy and the command that refreshes it:
//! `cargo run -p sotay-openapi` (or `-- --check` to only compare).

use std::path::PathBuf;

/// The committed document, as app developers download it.
pub const COMMITTED: &str = include_str!("../openapi.json");

/// Where the committed document lives in the source tree.
pub fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("openapi.json")
}

/// The document as the code describes it now.
pub fn generate() -> Result<String, serde_json::Error> {
    sotay_api::openapi::document_json()
}

/// `None` when `committed` matches the code; else the first line that differs, to point at.
pub fn first_difference(committed: &str, generated: &str) -> Option<String> {
    if committed == generated {
        return None;
    }
    let mut committed_lines = committed.lines();
    let mut generated_lines = generated.lines();
    for number in 1.. {
        match (committed_lines.next(), generated_lines.next()) {
            (Some(left), Some(right)) if left == right => continue,
            (None, None) => break,
            (left, right) => {
                return Some(format!(
                    "line {number}: committed {:?}, code {:?}",
                    left.unwrap_or("<end>"),
                    right.unwrap_or("<end>")
                ));
            }
        }
    }
    Some("the documents differ in line endings".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_openapi_json_matches_the_code() {
        let generated = generate().unwrap();
        if let Some(difference) = first_difference(COMMITTED, &generated) {
            panic!(
                "openapi/openapi.json is out of date ({difference}).\n\
                 Regenerate it with: cargo run -p sotay-openapi"
            );
        }
    }

    #[test]
    fn first_difference_points_at_the_line() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(
            first_difference("a\nb\n", "a\nc\n").unwrap(),
            "line 2: committed \"b\", code \"c\""
        );
        assert!(
            first_difference("a\n", "a\nb\n")
                .unwrap()
                .starts_with("line 2")
        );
    }
}
