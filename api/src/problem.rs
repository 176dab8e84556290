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
    pub problem_type: String,
    pub title: String,
    /// The HTTP status, repeated for clients that lose it.
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code, e.g. `not_found`, `validation_failed`.
    pub code: String,
    /// The request path this problem is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Quote it to the administrators: it finds the request in the server logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `validation_failed`: what is wrong with which field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's name; `body` when the body as a whole is at fault.
    pub field: String,
    /// Stable machine-readable code, e.g. `required`, `too_long`, `invalid`.
    pub code: String,
    pub message: String,
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
            title: self.title.get(language).to_owned(),
            status: self.status,
            detail: self.detail.get(language).to_owned(),
            code: self.code.to_owned(),
            instance: instance.map(str::to_owned),
            request_id: request_id.map(str::to_owned),
            errors: self
                .errors
                .iter()
                .map(|violation| FieldError {
                    field: violation.field.clone(),
                    code: violation.code.to_owned(),
                    message: violation.message.get(language).to_owned(),
                })
                .collect(),
        }
    }
}
