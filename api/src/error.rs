//! The one error type of the application and its endpoints: what went wrong, in both
//! languages. Its HTTP form (status line, headers, problem+json) is `http::error`.

use sotay_domain::Invalid;
use sotay_persistence::DbError;
use sotay_persistence::diesel_error;

use crate::http::problem::{FieldViolation, LocalizedProblem, Text};

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The object does not exist, or the caller may not see it: the two are indistinguishable.
    #[error("not found")]
    NotFound,
    /// No credentials, or credentials that do not check out: nothing says which check failed.
    #[error("unauthorized")]
    Unauthorized,
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A function the caller's positions do not allow.
    #[error("forbidden")]
    Forbidden,
    #[error("password change required")]
    PasswordChangeRequired,
    /// The request conflicts with what is stored (a taken code, a non-empty organisation).
    #[error("conflict: {code}")]
    Conflict { code: &'static str, message: Text },
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("method not allowed")]
    /// `allowed`: the methods the path takes, as the `Allow` header lists them.
    MethodNotAllowed { allowed: String },
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("validation failed")]
    Validation(Vec<FieldViolation>),
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
    #[error("payload larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("not ready: {0:?}")]
    NotReady(NotReady),
    #[error("database unavailable: {0}")]
    DatabaseUnavailable(String),
    /// More work queued than the server takes on (password hashing under a login flood).
    #[error("overloaded")]
    Overloaded,
    /// Anything unexpected. The cause is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    DatabaseUnreachable,
    MigrationsPending,
}

impl ApiError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "not_found",
            ApiError::Unauthorized => "unauthorized",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::Forbidden => "forbidden",
            ApiError::PasswordChangeRequired => "password_change_required",
            ApiError::Conflict { code, .. } => code,
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::Validation(_) => "validation_failed",
            ApiError::InvalidQuery(_) => "invalid_query",
            ApiError::UnsupportedMediaType { .. } => "unsupported_media_type",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::NotReady(NotReady::DatabaseUnreachable) => "database_unreachable",
            ApiError::NotReady(NotReady::MigrationsPending) => "migrations_pending",
            ApiError::DatabaseUnavailable(_) => "database_unavailable",
            ApiError::Overloaded => "server_busy",
            ApiError::Internal(_) => "internal_error",
        }
    }

    /// Title and detail, in both languages. Causes from libraries (serde's "expected `,` at
    /// line 1") stay in English: they are for developers.
    fn text(&self) -> (Text, Text) {
        match self {
            ApiError::NotFound => (
                Text::new("Không tìm thấy", "Not found"),
                Text::new(
                    "Không có tài nguyên nào tại địa chỉ này, hoặc bạn không có quyền xem.",
                    "Nothing exists at this address, or you may not see it.",
                ),
            ),
            ApiError::Unauthorized => (
                Text::new("Chưa xác thực", "Unauthorized"),
                Text::new(
                    "Thiếu mã truy cập, hoặc mã đã hết hạn hay bị thu hồi: hãy đăng nhập lại.",
                    "The access token is missing, expired or revoked: log in again.",
                ),
            ),
            ApiError::InvalidCredentials => (
                Text::new("Sai thông tin đăng nhập", "Invalid credentials"),
                Text::new(
                    "Số thẻ/số điện thoại hoặc mật khẩu không đúng.",
                    "The card number, phone or password is wrong.",
                ),
            ),
            ApiError::Forbidden => (
                Text::new("Không có quyền", "Forbidden"),
                Text::new(
                    "Chức vụ của bạn không cho phép thao tác này.",
                    "Your positions do not allow this.",
                ),
            ),
            ApiError::PasswordChangeRequired => (
                Text::new("Cần đổi mật khẩu", "Password change required"),
                Text::new(
                    "Hãy đổi mật khẩu tạm thời (PUT /api/v1/me/password) trước khi tiếp tục.",
                    "Change your temporary password (PUT /api/v1/me/password) before going on.",
                ),
            ),
            ApiError::Conflict { message, .. } => {
                (Text::new("Xung đột dữ liệu", "Conflict"), message.clone())
            }
            ApiError::TooManyAttempts { retry_after_secs } => (
                Text::new("Quá nhiều lần thử", "Too many attempts"),
                Text::new(
                    format!(
                        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau {retry_after_secs} giây."
                    ),
                    format!("Too many failed logins. Try again in {retry_after_secs} seconds."),
                ),
            ),
            ApiError::MethodNotAllowed { allowed } => (
                Text::new("Phương thức không được hỗ trợ", "Method not allowed"),
                Text::new(
                    format!("Địa chỉ này chỉ nhận: {allowed}."),
                    format!("This address accepts only: {allowed}."),
                ),
            ),
            ApiError::MalformedJson(cause) => (
                Text::new("JSON không hợp lệ", "Malformed JSON"),
                Text::new(
                    format!("Không đọc được nội dung JSON: {cause}."),
                    format!("The body is not valid JSON: {cause}."),
                ),
            ),
            ApiError::Validation(_) => (
                Text::new("Dữ liệu không hợp lệ", "Validation failed"),
                Text::new(
                    "Một số trường không hợp lệ: xem danh sách errors.",
                    "Some fields are invalid: see errors.",
                ),
            ),
            ApiError::InvalidQuery(cause) => (
                Text::new("Tham số truy vấn không hợp lệ", "Invalid query parameter"),
                Text::new(
                    format!("Không đọc được tham số truy vấn: {cause}."),
                    format!("The query string is invalid: {cause}."),
                ),
            ),
            ApiError::UnsupportedMediaType { expected } => (
                Text::new("Kiểu nội dung không được hỗ trợ", "Unsupported media type"),
                Text::new(
                    format!("Hãy gửi nội dung với Content-Type: {expected}."),
                    format!("Send the body with Content-Type: {expected}."),
                ),
            ),
            ApiError::PayloadTooLarge { limit } => (
                Text::new("Nội dung quá lớn", "Payload too large"),
                Text::new(
                    format!("Nội dung yêu cầu vượt quá giới hạn {limit} byte."),
                    format!("The request body exceeds the limit of {limit} bytes."),
                ),
            ),
            ApiError::NotReady(reason) => (
                Text::new("Dịch vụ chưa sẵn sàng", "Service not ready"),
                match reason {
                    NotReady::DatabaseUnreachable => Text::new(
                        "Không kết nối được cơ sở dữ liệu.",
                        "The database cannot be reached.",
                    ),
                    NotReady::MigrationsPending => Text::new(
                        "Cơ sở dữ liệu chưa được cập nhật: hãy chạy `sotay migrate`.",
                        "The database schema is out of date: run `sotay migrate`.",
                    ),
                },
            ),
            ApiError::DatabaseUnavailable(_) => (
                Text::new(
                    "Cơ sở dữ liệu tạm thời không truy cập được",
                    "Database temporarily unavailable",
                ),
                Text::new(
                    "Vui lòng thử lại sau ít phút.",
                    "Please try again in a moment.",
                ),
            ),
            ApiError::Overloaded => (
                Text::new("Máy chủ đang bận", "Server busy"),
                Text::new(
                    "Quá nhiều yêu cầu đăng nhập cùng lúc; vui lòng thử lại sau vài giây.",
                    "Too many logins at once; please try again in a few seconds.",
                ),
            ),
            ApiError::Internal(_) => (
                Text::new("Lỗi hệ thống", "Internal server error"),
                Text::new(
                    "Đã xảy ra lỗi không mong muốn. Hãy báo mã request_id cho quản trị viên.",
                    "An unexpected error occurred. Quote the request_id to the administrators.",
                ),
            ),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::NotFound => 404,
            ApiError::Unauthorized | ApiError::InvalidCredentials => 401,
            ApiError::Forbidden | ApiError::PasswordChangeRequired => 403,
            ApiError::Conflict { .. } => 409,
            ApiError::TooManyAttempts { .. } => 429,
            ApiError::MethodNotAllowed { .. } => 405,
            ApiError::MalformedJson(_) | ApiError::InvalidQuery(_) => 400,
            ApiError::Validation(_) => 422,
            ApiError::UnsupportedMediaType { .. } => 415,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::NotReady(_) | ApiError::DatabaseUnavailable(_) | ApiError::Overloaded => 503,
            ApiError::Internal(_) => 500,
        }
    }

    pub fn localized(&self) -> LocalizedProblem {
        let (title, detail) = self.text();
        LocalizedProblem {
            status: self.status(),
            code: self.code(),
            title,
            detail,
            errors: match self {
                ApiError::Validation(violations) => violations.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ApiError {
    /// Field-level errors from the domain's parsers.
    pub fn validation(violations: Vec<(String, Invalid)>) -> Self {
        ApiError::Validation(
            violations
                .into_iter()
                .map(|(field, invalid)| FieldViolation {
                    field,
                    code: invalid.code,
                    message: Text::new(invalid.vi, invalid.en),
                })
                .collect(),
        )
    }

    /// A stored value that no longer parses: our bug, not the caller's.
    pub fn internal_invalid(invalid: Invalid) -> Self {
        ApiError::Internal(format!("stored value refused: {}", invalid.en))
    }

    /// One invalid field.
    pub fn invalid(field: &str, invalid: Invalid) -> Self {
        Self::validation(vec![(field.to_owned(), invalid)])
    }

    /// A unique-constraint failure as the conflict it means (a concurrent request took the
    /// value between our check and our write); any other failure as it is.
    pub fn unique_or(error: diesel_error::Error, conflict: impl FnOnce() -> ApiError) -> Self {
        match error {
            diesel_error::Error::DatabaseError(
                diesel_error::DatabaseErrorKind::UniqueViolation,
                _,
            ) => conflict(),
            other => ApiError::from(other),
        }
    }

    pub fn conflict(code: &'static str, vi: &str, en: &str) -> Self {
        ApiError::Conflict {
            code,
            message: Text::new(vi, en),
        }
    }
}

impl From<diesel_error::Error> for ApiError {
    fn from(error: diesel_error::Error) -> Self {
        ApiError::from(DbError::from(error))
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Unavailable(cause) => ApiError::DatabaseUnavailable(cause),
            other => ApiError::internal(other),
        }
    }
}
