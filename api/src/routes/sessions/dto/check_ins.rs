//! The check-in code, check-ins and offline syncs as the API reads and shows them.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::session::{AttendanceStatus, CheckInMethod};
use sotay_domain::{Invalid, Language};
use utoipa::ToSchema;

use super::{AttendanceStatusName, CheckInMethodName};
use crate::app::sessions::check_ins::CheckInAnswer;
use crate::dto::utc;
use crate::error::ApiError;

/// The check-in code to show now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInCodeResponse {
    /// Shown as a QR code; also proves, offline, when it was scanned.
    #[schema(max_length = 64)]
    pub qr_token: String,
    /// Six digits, for members who cannot scan.
    #[schema(min_length = 6, max_length = 6, pattern = "^[0-9]{6}$")]
    pub text_code: String,
    /// When the next code replaces this one (this one is still accepted a minute longer).
    pub valid_until: DateTime<Utc>,
    /// How long each code is shown, in seconds.
    #[schema(minimum = 1, maximum = 3600)]
    pub step_seconds: i64,
}

/// A member's own check-in: the QR token scanned, or the six-digit code typed.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"qr_token": "AAAAADXk2xQ8n1v0aF3m0p6eJZ7rQ0Bq", "client_id": "0192f0c1-7d3e-7000-8000-00000000abcd"}))]
pub struct CheckInRequest {
    #[schema(min_length = 1, max_length = 64)]
    pub qr_token: Option<String>,
    #[schema(min_length = 6, max_length = 6, pattern = "^[0-9]{6}$")]
    pub text_code: Option<String>,
    /// The phone's own id for this check-in: resending it gives the first answer again.
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._:-]{1,64}$")]
    pub client_id: String,
}

/// The answer to a check-in (the first answer again, for a resent one).
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInResponse {
    #[schema(format = Uuid)]
    pub session_id: String,
    #[schema(format = Uuid)]
    pub member_id: String,
    pub status: AttendanceStatusName,
    pub method: CheckInMethodName,
    /// When the member was there: when the code they showed was current.
    pub checked_in_at: Option<DateTime<Utc>>,
    /// `false` when the member was already recorded as there: nothing changed.
    pub recorded: bool,
}

impl TryFrom<CheckInAnswer> for CheckInResponse {
    type Error = ApiError;

    fn try_from(answer: CheckInAnswer) -> Result<Self, ApiError> {
        let status = AttendanceStatus::parse(&answer.status).map_err(ApiError::internal_invalid)?;
        let method = CheckInMethod::parse(&answer.method).map_err(ApiError::internal_invalid)?;
        Ok(CheckInResponse {
            session_id: answer.session_id,
            member_id: answer.member_id,
            status: status.into(),
            method: method.into(),
            checked_in_at: answer.checked_in_at.map(|at: NaiveDateTime| utc(at)),
            recorded: answer.recorded,
        })
    }
}

/// Neither or both of `qr_token` and `text_code`.
pub fn one_code_required() -> ApiError {
    ApiError::invalid(
        "qr_token",
        Invalid::new(
            "one_code_required",
            "Gửi đúng một trong qr_token hoặc text_code.",
            "Send exactly one of qr_token and text_code.",
        ),
    )
}

/// One check-in scanned offline.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "session_id": "0192f0c1-0000-7000-8000-000000000003", "qr_token": "AAAAADXk2xQ8n1v0aF3m0p6eJZ7rQ0Bq",
    "scanned_at": "2025-09-09T00:41:12Z", "client_id": "0192f0c1-7d3e-7000-8000-00000000abce"
}))]
pub struct CheckInRequestItem {
    #[schema(format = Uuid)]
    pub session_id: String,
    #[schema(min_length = 1, max_length = 64)]
    pub qr_token: String,
    /// The phone's clock at the scan: kept for the record, never trusted (the token says when).
    pub scanned_at: Option<DateTime<Utc>>,
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._:-]{1,64}$")]
    pub client_id: String,
}

/// The result of one item of a sync.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult {
    /// The item's `client_id`, when it had one.
    #[schema(max_length = 64)]
    pub client_id: Option<String>,
    /// 200 when checked in (or already); otherwise the status the item alone would get.
    #[schema(minimum = 200, maximum = 599)]
    pub status: u16,
    pub check_in: Option<CheckInResponse>,
    /// Why the item was refused.
    pub problem: Option<crate::http::problem::Problem>,
}

impl BatchResult {
    pub fn of(
        client_id: Option<String>,
        answer: Result<CheckInAnswer, ApiError>,
        language: Language,
    ) -> Result<Self, ApiError> {
        Ok(match answer {
            Ok(answer) => BatchResult {
                client_id,
                status: 200,
                check_in: Some(answer.try_into()?),
                problem: None,
            },
            Err(error) => BatchResult {
                client_id,
                status: error.status(),
                check_in: None,
                problem: Some(error.localized().render(language, None, None)),
            },
        })
    }
}

/// The results of a sync, in the order of its items.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResponse {
    #[schema(max_items = 500)]
    pub results: Vec<BatchResult>,
}

/// The body of an offline sync: a JSON array of at most 500 check-ins. Describes the schema
/// only; the handler reads each item on its own, so that a malformed one is refused alone.
pub enum CheckInBatch {}

impl utoipa::PartialSchema for CheckInBatch {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(utoipa::openapi::Ref::from_schema_name("CheckInRequestItem"))
            .max_items(Some(crate::app::sessions::offline::MAX_BATCH_ITEMS))
            .into()
    }
}

impl ToSchema for CheckInBatch {
    /// Its items are a schema of their own, listed with it.
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            CheckInRequestItem::name().into_owned(),
            <CheckInRequestItem as utoipa::PartialSchema>::schema(),
        ));
        <CheckInRequestItem as ToSchema>::schemas(schemas);
    }
}
