//! Bodies and queries of the members endpoints.

use chrono::NaiveDate;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::member_import;
use crate::dto::{ActivityStatusName, GenderName, PartyStatusName, nullable};

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "card_number": "79012345", "full_name": "Nguyễn Thị Lan", "gender": "female",
    "date_of_birth": "1975-03-08", "phone": "0912345678", "citizen_id": "046175001234",
    "joined_on": "2001-05-19", "official_on": "2002-05-19", "party_status": "official",
    "org_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21"
}))]
pub struct CreateMemberRequest {
    /// Số thẻ đảng viên, the member's login: 6 to 20 letters, digits, `.` or `-`, with at
    /// least one digit.
    #[schema(min_length = 6, max_length = 20)]
    pub card_number: String,
    #[schema(min_length = 1, max_length = 100)]
    pub full_name: String,
    #[schema(value_type = Option<GenderName>)]
    pub gender: Option<String>,
    /// Not in the future; the member was at least 18 on `joined_on`.
    pub date_of_birth: Option<NaiveDate>,
    /// A Vietnamese mobile number, stored as `0912345678`: `0`, `84` or `+84`, then ten
    /// digits in all with spaces, dots, dashes or brackets anywhere (`0912 345 678`,
    /// `+84 912 345 678`). Unique among members.
    #[schema(max_length = 20)]
    pub phone: Option<String>,
    #[schema(min_length = 12, max_length = 12, pattern = "^[0-9]{12}$")]
    pub citizen_id: Option<String>,
    /// Admission (kết nạp); not in the future.
    pub joined_on: Option<NaiveDate>,
    /// Becoming official (chính thức); not before `joined_on`, not in the future.
    pub official_on: Option<NaiveDate>,
    #[schema(value_type = PartyStatusName)]
    pub party_status: String,
    /// `active` when absent.
    #[schema(value_type = Option<ActivityStatusName>)]
    pub activity_status: Option<String>,
    /// The member's cell.
    #[schema(format = Uuid)]
    pub org_id: String,
    /// A cell the member is temporarily attached to.
    #[schema(format = Uuid)]
    pub attached_org_id: Option<String>,
    /// A temporary password, to be changed at first login: 8 to 128 characters, not a common
    /// password, not the card number or phone. Without one the member cannot log in until a
    /// manager resets their password.
    #[schema(value_type = Option<String>, min_length = 8, max_length = 128, format = Password)]
    pub temporary_password: Option<SecretString>,
}

/// Fields to change; absent fields stay. `null` clears `gender`, the dates, `phone`,
/// `citizen_id` and `attached_org_id`; for the others (which cannot be empty) it is the same
/// as absent. Dates are checked with the stored ones: not in the future, admission from 18,
/// official after admission.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"phone": "0987654321", "activity_status": "exempt"}))]
pub struct UpdateMemberRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub full_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<GenderName>)]
    pub gender: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub date_of_birth: Option<Option<NaiveDate>>,
    /// As on creation.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 20)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 12, max_length = 12, pattern = "^[0-9]{12}$")]
    pub citizen_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub joined_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub official_on: Option<Option<NaiveDate>>,
    #[schema(value_type = Option<PartyStatusName>)]
    pub party_status: Option<String>,
    /// Suspending or removing a member ends all their sessions at once.
    #[schema(value_type = Option<ActivityStatusName>)]
    pub activity_status: Option<String>,
    /// Moves the member to another cell; the membership history keeps the old one.
    #[schema(format = Uuid)]
    pub org_id: Option<String>,
    /// Attaches the member temporarily to a cell, or (`null`) ends the attachment.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub attached_org_id: Option<Option<String>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    /// Members placed in this organisation's subtree (own or temporarily attached).
    pub org_id: Option<uuid::Uuid>,
    /// Activity status.
    #[param(inline)]
    pub status: Option<ActivityStatusName>,
    /// Name or card number; diacritics and case are ignored.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({}))]
pub struct PasswordResetRequest {
    /// The temporary password to set (8 to 128 characters, not a common password, not the
    /// member's card number or phone); one is generated when absent.
    #[schema(value_type = Option<String>, min_length = 8, max_length = 128, format = Password)]
    pub temporary_password: Option<SecretString>,
}

/// Its `Debug` leaves the password out.
#[derive(Serialize, ToSchema)]
pub struct PasswordResetResponse {
    /// Give it to the member: they must change it at their next login. Shown only once.
    #[schema(max_length = 128, format = Password)]
    pub temporary_password: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Check the file and report what would change, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Only this organisation's subtree; everything the caller manages when absent.
    pub org_id: Option<uuid::Uuid>,
}

/// What an import did, or would do.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data rows read (the header not counted).
    #[schema(value_type = u32, maximum = 20_000)]
    pub rows: usize,
    #[schema(value_type = u32, maximum = 20_000)]
    pub created: usize,
    #[schema(value_type = u32, maximum = 20_000)]
    pub updated: usize,
    #[schema(value_type = u32, maximum = 20_000)]
    pub unchanged: usize,
    /// The problems found, by line (the first 1,000); with any, a real import writes nothing.
    #[schema(max_items = 1000)]
    pub errors: Vec<ImportError>,
    /// True when there were more problems than `errors` lists.
    pub errors_truncated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportError {
    /// The row as a spreadsheet shows it, the header being row 1 (a line break inside a quoted
    /// cell stays in its row; LF, CRLF and a BOM count alike).
    #[schema(value_type = u32, minimum = 1, maximum = 8_388_609)]
    pub line: u64,
    /// The column concerned.
    #[schema(max_length = 32)]
    pub field: String,
    #[schema(max_length = 64)]
    pub code: String,
    #[schema(max_length = 2_000)]
    pub message: String,
}

impl From<member_import::ImportReport> for ImportReport {
    fn from(report: member_import::ImportReport) -> Self {
        ImportReport {
            dry_run: report.dry_run,
            rows: report.rows,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
            errors: report.errors.into_iter().map(ImportError::from).collect(),
            errors_truncated: report.errors_truncated,
        }
    }
}

impl From<member_import::ImportError> for ImportError {
    fn from(error: member_import::ImportError) -> Self {
        ImportError {
            line: error.line,
            field: error.field,
            code: error.code.to_owned(),
            message: error.message,
        }
    }
}
