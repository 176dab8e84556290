//! `POST /members/import` and `GET /members/export`: members in bulk, as Excel-ready CSV.
//!
//! Import is idempotent by card number and all-or-nothing: a file with any bad row changes
//! nothing, and an empty cell never overwrites a stored value.

use std::collections::{HashMap, HashSet};

use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::NaiveDate;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sotay_domain::access::Scope;
use sotay_domain::ids::MemberId;
use sotay_domain::member as rules;
use sotay_domain::member::{
    ActivityStatus, CardNumber, CitizenId, Gender, PartyStatus, PersonName, Phone,
};
use sotay_domain::org::{OrgCode, OrgKind, OrgPath};
use sotay_domain::{Invalid, Language};
use sotay_persistence::members::{self, MemberChanges, MemberFilter, MemberRow, NewMember};
use sotay_persistence::orgs::{self, OrgRow};
use sotay_persistence::{DbConnection, clock};
use utoipa::{IntoParams, ToSchema};

use crate::app::audit::{self, Event};
use crate::app::orgs::visible_org;
use crate::app::{self, blocking};
use crate::auth::Caller;
use crate::dto::{CsvFile, MAX_IMPORT_BYTES};
use crate::error::ApiError;
use crate::http::problem::{FieldViolation, Problem, Text};
use crate::http::request_context::RequestId;
use crate::http::spreadsheet::RowStarts;
use crate::routes::members::{member_snapshot, open_membership};
use crate::state::AppState;

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
const TOO_MANY_ROWS: &str = "too_many_rows";
/// A report lists this many problems at most: enough to fix a file, small enough to send.
pub const MAX_REPORTED_ERRORS: usize = 1_000;
const UTF8_BOM: &str = "\u{feff}";

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

/// One data row, each cell parsed; `None` where the cell was empty.
#[derive(Debug, Default)]
struct Row {
    line: u64,
    card: Option<CardNumber>,
    name: Option<PersonName>,
    gender: Option<Gender>,
    date_of_birth: Option<NaiveDate>,
    phone: Option<Phone>,
    citizen_id: Option<CitizenId>,
    joined_on: Option<NaiveDate>,
    official_on: Option<NaiveDate>,
    party_status: Option<PartyStatus>,
    activity_status: Option<ActivityStatus>,
    cell_code: Option<String>,
}

struct Problems {
    language: Language,
    errors: Vec<ImportError>,
}

impl Problems {
    fn add(&mut self, line: u64, field: &str, invalid: Invalid) {
        let message = match self.language {
            Language::Vietnamese => invalid.vi,
            Language::English => invalid.en,
        };
        self.errors.push(ImportError {
            line,
            field: field.to_owned(),
            code: invalid.code.to_owned(),
            message: message.into_owned(),
        });
    }
}

fn parse_date(raw: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
        Invalid::new(
            "invalid_format",
            "Ngày viết theo dạng YYYY-MM-DD.",
            "Write dates as YYYY-MM-DD.",
        )
    })
}

/// Reads the CSV into rows, recording every problem by line.
fn read_rows(text: &str, problems: &mut Problems) -> Vec<Row> {
    let rows_at = RowStarts::of(text.as_bytes());
    let line_of = |position: Option<&csv::Position>| {
        position.map_or(0, |position| rows_at.row_at(position.byte()))
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers
            .iter()
            .map(|h| h.trim_start_matches(UTF8_BOM).to_lowercase())
            .collect(),
        Err(error) => {
            problems.add(
                1,
                "header",
                Invalid::new(
                    "malformed_csv",
                    format!("CSV không đọc được: {error}"),
                    format!("Unreadable CSV: {error}"),
                ),
            );
            return Vec::new();
        }
    };
    for header in &headers {
        if !COLUMNS.contains(&header.as_str()) {
            problems.add(1, header, Invalid::not_one_of(&COLUMNS));
        }
    }
    if !headers.iter().any(|h| h == "card_number") {
        problems.add(
            1,
            "card_number",
            Invalid::new(
                "missing_column",
                "Thiếu cột card_number.",
                "The card_number column is missing.",
            ),
        );
    }
    if !problems.errors.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = line_of(error.position());
                problems.add(
                    line,
                    "row",
                    Invalid::new(
                        "malformed_csv",
                        format!("Dòng không đọc được: {error}"),
                        format!("Unreadable row: {error}"),
                    ),
                );
                continue;
            }
        };
        if rows.len() == MAX_IMPORT_ROWS {
            problems.add(
                line_of(record.position()),
                "row",
                Invalid::new(
                    TOO_MANY_ROWS,
                    format!("Tối đa {MAX_IMPORT_ROWS} dòng mỗi lần nhập."),
                    format!("At most {MAX_IMPORT_ROWS} rows per import."),
                ),
            );
            break;
        }
        let line = line_of(record.position());
        let mut row = Row {
            line,
            ..Row::default()
        };
        for (header, value) in headers.iter().zip(record.iter()) {
            if value.is_empty() {
                continue;
            }
            let outcome = match header.as_str() {
                "card_number" => CardNumber::parse(value).map(|v| row.card = Some(v)),
                "full_name" => PersonName::parse(value).map(|v| row.name = Some(v)),
                "gender" => Gender::parse(value).map(|v| row.gender = Some(v)),
                "date_of_birth" => parse_date(value).map(|v| row.date_of_birth = Some(v)),
                "phone" => Phone::parse(value).map(|v| row.phone = Some(v)),
                "citizen_id" => CitizenId::parse(value).map(|v| row.citizen_id = Some(v)),
                "joined_on" => parse_date(value).map(|v| row.joined_on = Some(v)),
                "official_on" => parse_date(value).map(|v| row.official_on = Some(v)),
                "party_status" => PartyStatus::parse(value).map(|v| row.party_status = Some(v)),
                "activity_status" => {
                    ActivityStatus::parse(value).map(|v| row.activity_status = Some(v))
                }
                _ => {
                    OrgCode::parse(value).map(|code| row.cell_code = Some(code.as_str().to_owned()))
                }
            };
            if let Err(invalid) = outcome {
                problems.add(line, header, invalid);
            }
        }
        for (field, invalid) in rules::check_dates(
            row.date_of_birth,
            row.joined_on,
            row.official_on,
            clock::today(),
        ) {
            problems.add(line, field, invalid);
        }
        if row.card.is_none()
            && !problems
                .errors
                .iter()
                .any(|e| e.line == line && e.field == "card_number")
        {
            problems.add(line, "card_number", Invalid::required());
        }
        rows.push(row);
    }
    rows
}

/// The changes a row makes to a stored member: only cells that hold a different value.
fn changes_for(row: &Row, stored: &MemberRow) -> MemberChanges {
    fn differs(new: Option<&str>, old: Option<&str>) -> Option<Option<String>> {
        new.filter(|new| Some(*new) != old)
            .map(|new| Some(new.to_owned()))
    }
    fn differs_date(new: Option<NaiveDate>, old: Option<NaiveDate>) -> Option<Option<NaiveDate>> {
        new.filter(|new| Some(*new) != old).map(Some)
    }
    let name = row
        .name
        .as_ref()
        .filter(|name| name.as_str() != stored.full_name);
    MemberChanges {
        full_name: name.map(|name| name.as_str().to_owned()),
        search_name: name.map(PersonName::search_name),
        sort_key: name.map(|name| name.sort_key(&stored.id)),
        gender: differs(row.gender.map(Gender::as_str), stored.gender.as_deref()),
        date_of_birth: differs_date(row.date_of_birth, stored.date_of_birth),
        phone: differs(
            row.phone.as_ref().map(Phone::as_str),
            stored.phone.as_deref(),
        ),
        citizen_id: differs(
            row.citizen_id.as_ref().map(CitizenId::as_str),
            stored.citizen_id.as_deref(),
        ),
        joined_on: differs_date(row.joined_on, stored.joined_on),
        official_on: differs_date(row.official_on, stored.official_on),
        party_status: row
            .party_status
            .map(PartyStatus::as_str)
            .filter(|s| *s != stored.party_status)
            .map(str::to_owned),
        activity_status: row
            .activity_status
            .map(ActivityStatus::as_str)
            .filter(|s| *s != stored.activity_status)
            .map(str::to_owned),
        ..MemberChanges::default()
    }
}

fn is_empty(changes: &MemberChanges) -> bool {
    let MemberChanges {
        full_name,
        search_name: _,
        sort_key: _,
        gender,
        date_of_birth,
        phone,
        citizen_id,
        joined_on,
        official_on,
        party_status,
        activity_status,
        org_id,
        org_path: _,
        attached_org_id,
        attached_org_path: _,
        updated_at: _,
    } = changes;
    full_name.is_none()
        && gender.is_none()
        && date_of_birth.is_none()
        && phone.is_none()
        && citizen_id.is_none()
        && joined_on.is_none()
        && official_on.is_none()
        && party_status.is_none()
        && activity_status.is_none()
        && org_id.is_none()
        && attached_org_id.is_none()
}

/// Why a transaction was rolled back on purpose: a dry run, or a file with errors.
enum Stop {
    Report(ImportReport),
    Failed(ApiError),
}

impl From<sotay_persistence::diesel_error::Error> for Stop {
    fn from(error: sotay_persistence::diesel_error::Error) -> Self {
        Stop::Failed(ApiError::from(error))
    }
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Stop::Failed(error)
    }
}

struct Import<'a> {
    caller: &'a sotay_domain::access::Caller,
    actor: &'a str,
    request_id: &'a str,
    dry_run: bool,
}

impl Import<'_> {
    /// Applies the rows in the open transaction; the caller rolls back unless the report is
    /// clean and this is no dry run.
    fn apply(
        &self,
        connection: &mut DbConnection,
        rows: Vec<Row>,
        mut problems: Problems,
    ) -> Result<ImportReport, Stop> {
        let codes: Vec<String> = rows
            .iter()
            .filter_map(|row| row.cell_code.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let cells: HashMap<String, OrgRow> = orgs::find_by_codes(connection, &codes)?
            .into_iter()
            .map(|org| (org.code.clone(), org))
            .collect();
        let cards: Vec<String> = rows
            .iter()
            .filter_map(|row| row.card.as_ref().map(|c| c.as_str().to_owned()))
            .collect();
        let phones: Vec<String> = rows
            .iter()
            .filter_map(|row| row.phone.as_ref().map(|p| p.as_str().to_owned()))
            .collect();
        let citizen_ids: Vec<String> = rows
            .iter()
            .filter_map(|row| row.citizen_id.as_ref().map(|c| c.as_str().to_owned()))
            .collect();
        let known = members::find_matching(connection, &cards, &phones, &citizen_ids)?;
        let by_card: HashMap<&str, &MemberRow> =
            known.iter().map(|m| (m.card_number.as_str(), m)).collect();
        let mut phone_owner: HashMap<String, String> = known
            .iter()
            .filter_map(|m| Some((m.phone.clone()?, m.card_number.clone())))
            .collect();
        let mut citizen_owner: HashMap<String, String> = known
            .iter()
            .filter_map(|m| Some((m.citizen_id.clone()?, m.card_number.clone())))
            .collect();

        let mut report = ImportReport {
            dry_run: self.dry_run,
            rows: rows.len(),
            created: 0,
            updated: 0,
            unchanged: 0,
            errors: Vec::new(),
            errors_truncated: false,
        };
        let mut seen_cards = HashSet::new();
        // A row with a cell that did not read is checked against the others but not tried:
        // "a new member needs this value" would only repeat the problem with that cell.
        let unreadable: HashSet<u64> = problems.errors.iter().map(|e| e.line).collect();
        for row in &rows {
            let Some(card) = row.card.as_ref() else {
                continue;
            };
            let line = row.line;
            if !seen_cards.insert(card.as_str().to_owned()) {
                problems.add(
                    line,
                    "card_number",
                    Invalid::new(
                        "duplicate",
                        "Số thẻ lặp lại trong tệp.",
                        "The card number repeats in the file.",
                    ),
                );
                continue;
            }
            let mut row_ok = true;
            for (value, owners, field) in [
                (
                    row.phone.as_ref().map(Phone::as_str),
                    &mut phone_owner,
                    "phone",
                ),
                (
                    row.citizen_id.as_ref().map(CitizenId::as_str),
                    &mut citizen_owner,
                    "citizen_id",
                ),
            ] {
                let Some(value) = value else { continue };
                match owners.get(value) {
                    Some(owner) if owner != card.as_str() => {
                        problems.add(
                            line,
                            field,
                            Invalid::new(
                                "taken",
                                "Giá trị này đã thuộc về đảng viên khác.",
                                "This value belongs to another member.",
                            ),
                        );
                        row_ok = false;
                    }
                    _ => {
                        owners.insert(value.to_owned(), card.as_str().to_owned());
                    }
                }
            }
            let cell = match &row.cell_code {
                Some(code) => match self.managed_cell(cells.get(code)) {
                    Ok(cell) => Some(cell),
                    Err(invalid) => {
                        problems.add(line, "cell_code", invalid);
                        continue;
                    }
                },
                None => None,
            };
            if !row_ok || unreadable.contains(&line) {
                continue;
            }
            match by_card.get(card.as_str()) {
                Some(stored) => match self.update(connection, row, stored, cell) {
                    Ok(true) => report.updated += 1,
                    Ok(false) => report.unchanged += 1,
                    Err(RowError::Invalid(field, invalid)) => problems.add(line, field, invalid),
                    Err(RowError::Stop(stop)) => return Err(stop),
                },
                None => match self.create(connection, row, cell) {
                    Ok(()) => report.created += 1,
                    Err(RowError::Invalid(field, invalid)) => problems.add(line, field, invalid),
                    Err(RowError::Stop(stop)) => return Err(stop),
                },
            }
        }
        problems.errors.sort_by_key(|error| error.line);
        report.errors_truncated = problems.errors.len() > MAX_REPORTED_ERRORS;
        problems.errors.truncate(MAX_REPORTED_ERRORS);
        report.errors = problems.errors;
        if !report.errors.is_empty() || self.dry_run {
            return Err(Stop::Report(report));
        }
        audit::record(
            connection,
            Event {
                actor_id: Some(self.actor),
                action: "members.imported",
                object_type: "import",
                object_id: self.request_id,
                org_id: None,
                before: None,
                after: Some(
                    serde_json::json!({"rows": report.rows, "created": report.created, "updated": report.updated, "unchanged": report.unchanged}),
                ),
                request_id: Some(self.request_id),
            },
        )?;
        Ok(report)
    }

    fn managed_cell<'r>(&self, cell: Option<&'r OrgRow>) -> Result<(&'r OrgRow, OrgPath), Invalid> {
        let no_such = || {
            Invalid::new(
                "not_found",
                "Không có chi bộ mang mã này trong phạm vi bạn quản lý.",
                "No cell with this code among those you manage.",
            )
        };
        let cell = cell.ok_or_else(no_such)?;
        let path = OrgPath::parse(&cell.path).ok_or_else(no_such)?;
        if !self.caller.can_manage(&path) {
            return Err(no_such());
        }
        if !OrgKind::parse(&cell.kind).is_ok_and(OrgKind::is_cell) {
            return Err(Invalid::new(
                "not_a_cell",
                "Mã này không phải của một chi bộ.",
                "This code is not a cell's.",
            ));
        }
        Ok((cell, path))
    }

    fn update(
        &self,
        connection: &mut DbConnection,
        row: &Row,
        stored: &MemberRow,
        cell: Option<(&OrgRow, OrgPath)>,
    ) -> Result<bool, RowError> {
        let home = OrgPath::parse(&stored.org_path).ok_or_else(|| {
            RowError::Stop(Stop::Failed(ApiError::internal("malformed stored path")))
        })?;
        if !self.caller.can_manage(&home) {
            return Err(RowError::Invalid(
                "card_number",
                Invalid::new(
                    "not_managed",
                    "Đảng viên này không thuộc tổ chức bạn quản lý.",
                    "This member is not in an organisation you manage.",
                ),
            ));
        }
        let mut changes = changes_for(row, stored);
        if let Some((cell, path)) = cell.filter(|(cell, _)| cell.id != stored.org_id) {
            members::close_membership(connection, &stored.id, "home", clock::today())
                .map_err(stop)?;
            open_membership(connection, &stored.id, &cell.id, "home")
                .map_err(|e| RowError::Stop(Stop::Failed(e)))?;
            changes.org_id = Some(cell.id.clone());
            changes.org_path = Some(path.as_str().to_owned());
        }
        if is_empty(&changes) {
            return Ok(false);
        }
        changes.updated_at = Some(clock::now());
        members::update(connection, &stored.id, &changes).map_err(stop)?;
        let after = members::find(connection, &stored.id)
            .map_err(stop)?
            .ok_or(RowError::Stop(Stop::Failed(ApiError::NotFound)))?;
        self.audit(
            connection,
            "member.updated",
            &after,
            Some(member_snapshot(stored)),
        )?;
        Ok(true)
    }

    fn create(
        &self,
        connection: &mut DbConnection,
        row: &Row,
        cell: Option<(&OrgRow, OrgPath)>,
    ) -> Result<(), RowError> {
        let required = |field| {
            RowError::Invalid(
                field,
                Invalid::new(
                    "required",
                    "Đảng viên mới cần có giá trị này.",
                    "A new member needs this value.",
                ),
            )
        };
        let card = row.card.as_ref().ok_or_else(|| required("card_number"))?;
        let name = row.name.as_ref().ok_or_else(|| required("full_name"))?;
        let party_status = row.party_status.ok_or_else(|| required("party_status"))?;
        let (cell, path) = cell.ok_or_else(|| required("cell_code"))?;
        let id = MemberId::new().to_string();
        let now = clock::now();
        let created = members::insert(
            connection,
            &NewMember {
                id: &id,
                card_number: card.as_str(),
                full_name: name.as_str(),
                search_name: &name.search_name(),
                sort_key: &name.sort_key(&id),
                gender: row.gender.map(Gender::as_str),
                date_of_birth: row.date_of_birth,
                phone: row.phone.as_ref().map(Phone::as_str),
                citizen_id: row.citizen_id.as_ref().map(CitizenId::as_str),
                joined_on: row.joined_on,
                official_on: row.official_on,
                party_status: party_status.as_str(),
                activity_status: row
                    .activity_status
                    .unwrap_or(ActivityStatus::Active)
                    .as_str(),
                org_id: &cell.id,
                org_path: path.as_str(),
                attached_org_id: None,
                attached_org_path: None,
                password_hash: None,
                must_change_password: false,
                created_at: now,
                updated_at: now,
            },
        )
        .map_err(stop)?;
        open_membership(connection, &id, &cell.id, "home")
            .map_err(|e| RowError::Stop(Stop::Failed(e)))?;
        self.audit(connection, "member.created", &created, None)
    }

    fn audit(
        &self,
        connection: &mut DbConnection,
        action: &'static str,
        after: &MemberRow,
        before: Option<serde_json::Value>,
    ) -> Result<(), RowError> {
        audit::record(
            connection,
            Event {
                actor_id: Some(self.actor),
                action,
                object_type: "member",
                object_id: &after.id,
                org_id: Some(&after.org_id),
                before,
                after: Some(member_snapshot(after)),
                request_id: Some(self.request_id),
            },
        )
        .map_err(|e| RowError::Stop(Stop::Failed(e)))
    }
}

enum RowError {
    Invalid(&'static str, Invalid),
    Stop(Stop),
}

fn stop(error: sotay_persistence::diesel_error::Error) -> RowError {
    RowError::Stop(Stop::from(error))
}

/// The import's problems as a validation problem: `line N: column` per field.
fn rejected(errors: Vec<ImportError>) -> ApiError {
    ApiError::Validation(
        errors
            .into_iter()
            .map(|error| FieldViolation {
                field: format!("line {}: {}", error.line, error.field),
                code: "invalid",
                message: Text::new(error.message.clone(), error.message),
            })
            .collect(),
    )
}

/// Reads the request body up to `MAX_IMPORT_BYTES`.
async fn read_body(mut payload: web::Payload) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|error| ApiError::MalformedJson(error.to_string()))?;
        if body.len() + chunk.len() > MAX_IMPORT_BYTES {
            return Err(ApiError::PayloadTooLarge {
                limit: MAX_IMPORT_BYTES,
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Import members from CSV.
///
/// UTF-8 with or without BOM; header row with any of the columns `card_number, full_name,
/// gender, date_of_birth, phone, citizen_id, joined_on, official_on, party_status,
/// activity_status, cell_code` (dates `YYYY-MM-DD`). Rows are matched by card number: a known
/// member is updated with the non-empty cells only, an unknown one is created (needing
/// `full_name`, `party_status`, `cell_code`; no password: a manager resets it). At most 20,000
/// rows and 8 MiB. `dry_run=true` reports without writing; a real import with any bad row
/// writes nothing and answers 422 listing every problem by line.
#[utoipa::path(
    tag = "members",
    operation_id = "import_members",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = CsvFile, content_type = "text/csv", description = "The CSV file: at most 8 MiB and 20,000 rows",
        example = "card_number,full_name,party_status,cell_code\n79012345,Nguyễn Thị Lan,official,HA-TDP05\n"),
    responses(
        (status = 200, description = "Imported, or (dry run) what would be", body = ImportReport),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only managers import (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 8 MiB (`payload_too_large`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not `text/csv` (`unsupported_media_type`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad rows, or more than 20,000 of them; nothing written (`validation_failed`, field = `line N: column`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/import")]
pub async fn import_members(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    request_id: RequestId,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<web::Json<ImportReport>, ApiError> {
    // Refuse a caller who manages nothing before reading a whole file from them.
    app::as_caller(&state, caller.0.clone(), |_, signed| {
        if signed.caller.is_manager() {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    })
    .await?;
    let is_csv = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("text/csv")
        });
    if !is_csv {
        return Err(ApiError::UnsupportedMediaType {
            expected: "text/csv",
        });
    }
    let language = Language::negotiate(
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let body = read_body(payload).await?;
    let dry_run = query.dry_run;
    let (rows, problems) = blocking(move || {
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
        let rows = read_rows(&text, &mut problems);
        Ok((rows, problems))
    })
    .await?;
    // A file whose header cannot be read is not a file of members, and one over the row limit
    // is not read to the end: both are refused whole, even on a dry run.
    if problems
        .errors
        .iter()
        .any(|error| error.line <= 1 || error.code == TOO_MANY_ROWS)
    {
        return Err(rejected(problems.errors));
    }
    let outcome = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let actor = signed.actor();
        let import = Import {
            caller,
            actor,
            request_id: request_id.as_str(),
            dry_run,
        };
        match connection.write_transaction(|connection| import.apply(connection, rows, problems)) {
            Ok(report) => Ok(Ok(report)),
            Err(Stop::Report(report)) => Ok(Err(report)),
            Err(Stop::Failed(error)) => Err(error),
        }
    })
    .await?;
    match outcome {
        Ok(report) => Ok(web::Json(report)),
        Err(report) if report.dry_run => Ok(web::Json(report)),
        Err(report) => Err(rejected(report.errors)),
    }
}

/// Export members as CSV (UTF-8 with BOM, for Excel).
///
/// The members of the subtree the caller manages (or of `org_id` in it), with every column of
/// the import format.
#[utoipa::path(
    tag = "members",
    operation_id = "export_members",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The CSV file", content_type = "text/csv", body = String),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage that organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members/export")]
pub async fn export_members(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let org_id = query.into_inner().org_id;
    let text = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        if !caller.is_manager() {
            return Err(ApiError::Forbidden);
        }
        let scope: Scope = caller.managed_scope();
        let within = match &org_id {
            Some(id) => {
                let (_, path) = visible_org(connection, caller, &id.to_string())?;
                if !caller.can_manage(&path) {
                    return Err(ApiError::Forbidden);
                }
                Some(path)
            }
            None => None,
        };
        let mut codes: HashMap<String, String> = HashMap::new();
        let mut writer = csv::Writer::from_writer(UTF8_BOM.as_bytes().to_vec());
        writer.write_record(COLUMNS).map_err(ApiError::internal)?;
        let mut after: Option<String> = None;
        loop {
            let filter = MemberFilter {
                within: within.as_ref(),
                ..MemberFilter::default()
            };
            let rows = members::list(connection, &scope, &filter, after.as_deref(), 1000)?;
            let Some(last) = rows.last() else { break };
            after = Some(last.sort_key.clone());
            for row in &rows {
                if !codes.contains_key(&row.org_id) {
                    let code = orgs::find(connection, &row.org_id)?
                        .map(|org| org.code)
                        .unwrap_or_default();
                    codes.insert(row.org_id.clone(), code);
                }
                let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                writer
                    .write_record([
                        row.card_number.clone(),
                        row.full_name.clone(),
                        row.gender.clone().unwrap_or_default(),
                        date(row.date_of_birth),
                        row.phone.clone().unwrap_or_default(),
                        row.citizen_id.clone().unwrap_or_default(),
                        date(row.joined_on),
                        date(row.official_on),
                        row.party_status.clone(),
                        row.activity_status.clone(),
                        codes.get(&row.org_id).cloned().unwrap_or_default(),
                    ])
                    .map_err(ApiError::internal)?;
            }
        }
        let bytes = writer.into_inner().map_err(ApiError::internal)?;
        Ok(bytes)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(ContentType(mime_csv()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"members.csv\"",
        ))
        .body(text))
}

fn mime_csv() -> actix_web::mime::Mime {
    "text/csv; charset=utf-8"
        .parse()
        .unwrap_or(actix_web::mime::TEXT_CSV_UTF_8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<Row>, Vec<ImportError>) {
        let mut problems = Problems {
            language: Language::English,
            errors: Vec::new(),
        };
        let rows = read_rows(text, &mut problems);
        (rows, problems.errors)
    }

    #[test]
    fn rows_are_read_with_a_bom_in_any_column_order() {
        let (rows, errors) =
            read("\u{feff}full_name,card_number,phone\nNguyễn Thị Lan,79012345,0912 345 678\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows[0].card.as_ref().unwrap().as_str(), "79012345");
        assert_eq!(rows[0].phone.as_ref().unwrap().as_str(), "0912345678");
        assert_eq!(rows[0].line, 2);
    }

    #[test]
    fn every_bad_cell_is_reported_with_its_line() {
        let (_, errors) =
            read("card_number,phone,date_of_birth\n79012345,12,1980-13-01\n,0912345678,\n");
        let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            found,
            [(2, "phone"), (2, "date_of_birth"), (3, "card_number")]
        );
    }

    #[test]
    fn unknown_columns_and_a_missing_card_column_are_refused() {
        let (rows, errors) = read("name,email\nA,b\n");
        assert!(rows.is_empty());
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "card_number"]);
    }

    #[test]
    fn empty_cells_never_overwrite_stored_values() {
        let (rows, _) = read("card_number,full_name,phone\n79012345,,\n");
        let stored = MemberRow {
            id: "m".into(),
            card_number: "79012345".into(),
            full_name: "Nguyễn Thị Lan".into(),
            search_name: "nguyen thi lan".into(),
            sort_key: String::new(),
            gender: None,
            date_of_birth: None,
            phone: Some("0912345678".into()),
            citizen_id: None,
            joined_on: None,
            official_on: None,
            party_status: "official".into(),
            activity_status: "active".into(),
            org_id: "o".into(),
            org_path: "/o/".into(),
            attached_org_id: None,
            attached_org_path: None,
            password_hash: None,
            must_change_password: false,
            session_epoch: 0,
            created_at: clock::now(),
            updated_at: clock::now(),
        };
        assert!(is_empty(&changes_for(&rows[0], &stored)));
    }
}
