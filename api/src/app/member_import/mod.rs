//! Members in bulk from an Excel-ready CSV. Import is idempotent by card number and
//! all-or-nothing: a file with any bad row changes nothing, and an empty cell never
//! overwrites a stored value.

mod apply;
mod changes;
mod rows;

use sotay_domain::{Invalid, Language};
use sotay_persistence::DbConnection;

use crate::app::Signed;
use crate::error::ApiError;
use crate::http::problem::{FieldViolation, Text};
use apply::{Import, Stop};
pub use rows::{Problems, Row};

/// The columns, in export order. Import accepts them in any order; `card_number` is required,
/// and a new member also needs `full_name`, `party_status` and `cell_code`.
pub const COLUMNS: [&str; 11] = [
    "card_number",
    "full_name",
    "gender",
    "date_of_birth",
    "phone",
    "citizen_id",
    "joined_on",
    "official_on",
    "party_status",
    "activity_status",
    "cell_code",
];
pub const MAX_IMPORT_ROWS: usize = 20_000;
pub const TOO_MANY_ROWS: &str = "too_many_rows";
/// A report lists this many problems at most: enough to fix a file, small enough to send.
pub const MAX_REPORTED_ERRORS: usize = 1_000;
pub const UTF8_BOM: &str = "\u{feff}";
/// What an import did, or would do.
#[derive(Debug)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Data rows read (the header not counted).
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// The problems found, by line (the first 1,000); with any, a real import writes nothing.
    pub errors: Vec<ImportError>,
    /// True when there were more problems than `errors` lists.
    pub errors_truncated: bool,
}

#[derive(Debug, Clone)]
pub struct ImportError {
    /// The row as a spreadsheet shows it, the header being row 1 (a line break inside a quoted
    /// cell stays in its row; LF, CRLF and a BOM count alike).
    pub line: u64,
    /// The column concerned.
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

/// Reads an uploaded file (UTF-8, with or without a BOM) into rows and problems. CPU work:
/// call it off the actix workers.
pub fn read(body: Vec<u8>, language: Language) -> Result<(Vec<Row>, Problems), ApiError> {
    let text = String::from_utf8(body).map_err(|_| {
        ApiError::invalid(
            "file",
            Invalid::new(
                "not_utf8",
                "Tệp phải mã hóa UTF-8.",
                "The file must be UTF-8.",
            ),
        )
    })?;
    let mut problems = Problems {
        language,
        errors: Vec::new(),
    };
    let rows = rows::read_rows(&text, &mut problems);
    Ok((rows, problems))
}

/// A file whose header cannot be read is not a file of members, and one over the row limit
/// is not read to the end: both are refused whole, even on a dry run.
pub fn refuse_unreadable(problems: &Problems) -> Result<(), ApiError> {
    if problems
        .errors
        .iter()
        .any(|error| error.line <= 1 || error.code == TOO_MANY_ROWS)
    {
        return Err(rejected(problems.errors.clone()));
    }
    Ok(())
}

/// Applies the rows for a caller who manages something. A dry run reports and writes
/// nothing; a real import with any problem writes nothing and answers them all.
pub fn import(
    connection: &mut DbConnection,
    signed: &Signed,
    rows: Vec<Row>,
    problems: Problems,
    dry_run: bool,
    request_id: &str,
) -> Result<ImportReport, ApiError> {
    let import = Import {
        caller: &signed.caller,
        actor: signed.actor(),
        request_id,
        dry_run,
    };
    match connection.write_transaction(|connection| import.apply(connection, rows, problems)) {
        Ok(report) => Ok(report),
        Err(Stop::Report(report)) if report.dry_run => Ok(report),
        Err(Stop::Report(report)) => Err(rejected(report.errors)),
        Err(Stop::Failed(error)) => Err(error),
    }
}

/// The import's problems as a validation problem: `line N: column` per field.
pub fn rejected(errors: Vec<ImportError>) -> ApiError {
    ApiError::Validation(
        errors
            .into_iter()
            .map(|error| FieldViolation {
                field: format!("line {}: {}", error.line, error.field),
                code: error.code,
                message: Text::new(error.message.clone(), error.message),
            })
            .collect(),
    )
}
