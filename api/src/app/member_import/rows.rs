//! Reading an import file into rows, each cell parsed, every problem recorded by line.

use chrono::NaiveDate;
use sotay_domain::member::{
    self as rules, ActivityStatus, CardNumber, CitizenId, Gender, PartyStatus, PersonName, Phone,
};
use sotay_domain::org::OrgCode;
use sotay_domain::{Invalid, Language};
use sotay_persistence::clock;

use super::{COLUMNS, ImportError, MAX_IMPORT_ROWS, TOO_MANY_ROWS, UTF8_BOM};
use crate::http::spreadsheet::RowStarts;

/// One data row, each cell parsed; `None` where the cell was empty.
#[derive(Debug, Default)]
pub struct Row {
    pub line: u64,
    pub card: Option<CardNumber>,
    pub name: Option<PersonName>,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    pub phone: Option<Phone>,
    pub citizen_id: Option<CitizenId>,
    pub joined_on: Option<NaiveDate>,
    pub official_on: Option<NaiveDate>,
    pub party_status: Option<PartyStatus>,
    pub activity_status: Option<ActivityStatus>,
    pub cell_code: Option<String>,
}

pub struct Problems {
    pub language: Language,
    pub errors: Vec<ImportError>,
}

impl Problems {
    pub fn add(&mut self, line: u64, field: &str, invalid: Invalid) {
        let message = match self.language {
            Language::Vietnamese => invalid.vi,
            Language::English => invalid.en,
        };
        self.errors.push(ImportError {
            line,
            field: field.to_owned(),
            code: invalid.code,
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
pub fn read_rows(text: &str, problems: &mut Problems) -> Vec<Row> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::member_import::changes::{changes_for, is_empty};
    use sotay_persistence::members::MemberRow;

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
        let org = sotay_domain::ids::OrgId::new();
        let stored = MemberRow {
            id: sotay_domain::ids::MemberId::new(),
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
            party_status: PartyStatus::Official,
            activity_status: ActivityStatus::Active,
            org_id: org,
            org_path: sotay_domain::org::OrgPath::root(org),
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
