//! Applying an import's rows in one transaction: created, updated or unchanged, each by card
//! number, with every problem of the file reported at once.

use std::collections::{HashMap, HashSet};

use sotay_domain::Invalid;
use sotay_domain::access::HeldRole;
use sotay_domain::ids::MemberId;
use sotay_domain::member::standing::{MembershipKind, StandingChange};
use sotay_domain::member::{ActivityStatus, CitizenId, Gender, Phone};
use sotay_domain::org::OrgPath;
use sotay_persistence::members::{self, MemberRow, NewMember};
use sotay_persistence::orgs::{self, OrgRow};
use sotay_persistence::{DbConnection, clock, positions};

use super::changes::{changes_for, is_empty};
use super::rows::{Problems, Row};
use super::{ImportReport, MAX_REPORTED_ERRORS};
use crate::app::audit::{self, Event};
use crate::app::members::standing::carry_out;
use crate::app::members::{member_snapshot, open_membership};
use crate::error::ApiError;

/// Why a transaction was rolled back on purpose: a dry run, or a file with errors.
pub enum Stop {
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

pub struct Import<'a> {
    pub caller: &'a sotay_domain::access::Caller,
    pub actor: &'a str,
    pub request_id: &'a str,
    pub dry_run: bool,
}

impl Import<'_> {
    /// Applies the rows in the open transaction; the caller rolls back unless the report is
    /// clean and this is no dry run.
    pub fn apply(
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
        let known_ids: Vec<MemberId> = known.iter().map(|m| m.id).collect();
        let roles = positions::roles_held_by(connection, &known_ids, clock::today())?;
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
                Some(stored) => match self.update(connection, row, stored, &roles, cell) {
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
                object_id: &self.request_id,
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
        let path = cell.path.clone();
        if !self.caller.can_manage(&path) {
            return Err(no_such());
        }
        cell.kind.holds_members()?;
        Ok((cell, path))
    }

    /// Updates a stored member from a row, under the register's rules: only a member the
    /// caller administers changes, never the caller's own status, and a move or a new status
    /// has the same consequences as through `PATCH /members/{id}`.
    fn update(
        &self,
        connection: &mut DbConnection,
        row: &Row,
        stored: &MemberRow,
        roles: &HashMap<MemberId, Vec<HeldRole>>,
        cell: Option<(&OrgRow, OrgPath)>,
    ) -> Result<bool, RowError> {
        let home = &stored.org_path;
        let not_managed = |en: &'static str, vi: &'static str| {
            RowError::Invalid("card_number", Invalid::new("not_managed", vi, en))
        };
        if !self.caller.can_manage(home) {
            return Err(not_managed(
                "This member is not in an organisation you manage.",
                "Đảng viên này không thuộc tổ chức bạn quản lý.",
            ));
        }
        let asked = StandingChange {
            home: cell.as_ref().map(|(cell, _)| cell.id),
            attached: None,
            status: row.activity_status,
        };
        let done = stored
            .standing()
            .change(&asked)
            .map_err(|(_, invalid)| RowError::Invalid("cell_code", invalid))?;
        let mut changes = changes_for(row, stored);
        if is_empty(&changes) && done.is_empty() {
            return Ok(false);
        }
        let roles = roles.get(&stored.id).map_or(&[][..], Vec::as_slice);
        if !self.caller.may_administer(home, roles) {
            return Err(not_managed(
                "This member holds a position in an organisation you do not manage.",
                "Đảng viên này giữ chức vụ ở tổ chức bạn không quản lý.",
            ));
        }
        if done.status.is_some() && !self.caller.may_change_status_of(stored.id, home, roles) {
            return Err(RowError::Invalid(
                "activity_status",
                Invalid::new(
                    "own_status",
                    "Không thể tự thay đổi trạng thái sinh hoạt của mình.",
                    "You cannot change your own activity status.",
                ),
            ));
        }
        let done = done.try_map_cells(|_, _| {
            cell.as_ref()
                .map(|(cell, path)| (cell.id, path.clone()))
                .ok_or(RowError::Stop(Stop::Failed(ApiError::internal(
                    "a move without a cell",
                ))))
        })?;
        carry_out(connection, stored.id, done, &mut changes)
            .map_err(|e| RowError::Stop(Stop::Failed(e)))?;
        if is_empty(&changes) {
            return Ok(false);
        }
        changes.updated_at = Some(clock::now());
        members::update(connection, stored.id, &changes).map_err(stop)?;
        let after = members::find(connection, stored.id)
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
                org_id: &cell.id.to_string(),
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
        open_membership(connection, created.id, cell.id, MembershipKind::Home)
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
