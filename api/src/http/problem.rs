//! RFC 9457 problem details: the one shape every error response has.

use serde::Serialize;
use sotay_domain::Language;
use utoipa::ToSchema;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error response (RFC 9457). `code` is stable and meant for programs; `title` and `detail`
/// are for people, in Vietnamese or English by `Accept-Language`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:sotay:problem:not_found",
    "title": "Không tìm thấy",
    "status": 404,
    "detail": "Không có tài nguyên nào tại địa chỉ này, hoặc bạn không có quyền xem.",
    "code": "not_found",
    "instance": "/api/v1/khong-co",
    "request_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21"
}))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:sotay:problem:<code>`.
    #[serde(rename = "type")]
    #[schema(max_length = 82)]
    pub problem_type: String,
    #[schema(max_length = 2000)]
    pub title: String,
    /// The HTTP status, repeated for clients that lose it.
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    #[schema(max_length = 2000)]
    pub detail: String,
    /// Stable machine-readable code, e.g. `not_found`, `validation_failed`.
    #[schema(max_length = 64)]
    pub code: String,
    /// The request path this problem is about (cut at 2,048 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 2048)]
    pub instance: Option<String>,
    /// Quote it to the administrators: it finds the request in the server logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 128)]
    pub request_id: Option<String>,
    /// For `validation_failed`: what is wrong with which field (the first 100 problems).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 100)]
    pub errors: Vec<FieldError>,
}

/// Bounds of a problem body, so that no input can make an error response grow with it. The
/// schema attributes above repeat them as literals (utoipa takes no constants there); a test
/// in `openapi.rs` keeps the two equal.
pub(crate) const MAX_CODE_LEN: usize = 64;
pub(crate) const MAX_TEXT_LEN: usize = 2_000;
const MAX_INSTANCE_LEN: usize = 2_048;
const MAX_FIELD_LEN: usize = 128;
pub(crate) const MAX_FIELD_ERRORS: usize = 100;

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name; `body` when the body as a whole is at fault.
    #[schema(max_length = 128)]
    pub field: String,
    /// Stable machine-readable code, e.g. `required`, `too_long`, `invalid`.
    #[schema(max_length = 64)]
    pub code: String,
    #[schema(max_length = 2000)]
    pub message: String,
}

/// At most `max` characters of `text`.
fn clipped(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// Text in both supported languages, chosen when the response is sent.
#[derive(Debug, Clone)]
pub struct Text {
    pub vi: String,
    pub en: String,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Vietnamese => &self.vi,
            Language::English => &self.en,
        }
    }
}

/// A field error before its language is chosen.
#[derive(Debug, Clone)]
pub struct FieldViolation {
    pub field: String,
    pub code: &'static str,
    pub message: Text,
}

/// A problem in both languages. Error responses carry it in their extensions so that the
/// request middleware, which knows the caller's language and request id, writes the final body.
#[derive(Debug, Clone)]
pub struct LocalizedProblem {
    pub status: u16,
    pub code: &'static str,
    pub title: Text,
    pub detail: Text,
    pub errors: Vec<FieldViolation>,
}

impl LocalizedProblem {
    pub fn render(
        &self,
        language: Language,
        instance: Option<&str>,
        request_id: Option<&str>,
    ) -> Problem {
        Problem {
            problem_type: format!("urn:sotay:problem:{}", self.code),
            title: clipped(self.title.get(language), MAX_TEXT_LEN),
            status: self.status,
            detail: clipped(self.detail.get(language), MAX_TEXT_LEN),
            code: clipped(self.code, MAX_CODE_LEN),
            instance: instance.map(|path| clipped(path, MAX_INSTANCE_LEN)),
            request_id: request_id.map(str::to_owned),
            errors: self
                .errors
                .iter()
                .take(MAX_FIELD_ERRORS)
                .map(|violation| FieldError {
                    field: clipped(&violation.field, MAX_FIELD_LEN),
                    code: violation.code.to_owned(),
                    message: clipped(violation.message.get(language), MAX_TEXT_LEN),
                })
                .collect(),
        }
    }
}
