//! Why a value was refused: a stable code for programs and a sentence in each language.

use std::borrow::Cow;

/// A value that broke a rule. The caller knows which field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Stable, e.g. `required`, `too_long`, `invalid_format`, `too_common`.
    pub code: &'static str,
    pub vi: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Invalid {
    pub fn new(
        code: &'static str,
        vi: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Self {
        Invalid {
            code,
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn required() -> Self {
        Invalid::new(
            "required",
            "Trường này là bắt buộc.",
            "This field is required.",
        )
    }

    pub fn too_long(max: usize) -> Self {
        Invalid::new(
            "too_long",
            format!("Tối đa {max} ký tự."),
            format!("At most {max} characters."),
        )
    }

    pub fn too_short(min: usize) -> Self {
        Invalid::new(
            "too_short",
            format!("Tối thiểu {min} ký tự."),
            format!("At least {min} characters."),
        )
    }

    pub fn not_one_of(allowed: &[&str]) -> Self {
        let list = allowed.join(", ");
        Invalid::new(
            "not_allowed",
            format!("Giá trị phải là một trong: {list}."),
            format!("Must be one of: {list}."),
        )
    }
}

/// Collects every broken rule of a request before answering, so a form shows all its errors at
/// once rather than one per attempt.
#[derive(Debug, Default)]
pub struct Violations(Vec<(String, Invalid)>);

impl Violations {
    pub fn new() -> Self {
        Violations(Vec::new())
    }

    /// Parses `value` with `parse`, remembering the failure under `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, Invalid>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.0.push((field.to_owned(), invalid));
                None
            }
        }
    }

    pub fn add(&mut self, field: &str, invalid: Invalid) {
        self.0.push((field.to_owned(), invalid));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_inner(self) -> Vec<(String, Invalid)> {
        self.0
    }

    /// `Ok(value)` when nothing was refused.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<(String, Invalid)>> {
        if !self.0.is_empty() {
            return Err(self.0);
        }
        // Every `check` succeeded, so every `Option` the closure unwraps is `Some`.
        value().ok_or_else(|| vec![("body".to_owned(), Invalid::required())])
    }
}
