//! Registering members and changing them: details, status, cell, temporary attachment.

use chrono::NaiveDate;
use secrecy::{ExposeSecret, SecretString};
use sotay_domain::Invalid;
use sotay_domain::ids::MemberId;
use sotay_domain::member::standing::{MembershipKind, Standing, StandingChange};
use sotay_domain::member::{
    self as rules, ActivityStatus, CardNumber, CitizenId, Gender, PartyStatus, PersonName, Phone,
};
use sotay_domain::org::OrgPath;
use sotay_domain::password::Password;
use sotay_domain::validation::Violations;
use sotay_persistence::members::{self, MemberChanges, MemberRow, NewMember};
use sotay_persistence::{DbConnection, clock};

use super::standing::carry_out;
use super::{
    cell_id, managed_cell, member_snapshot, open_membership, roles_held, taken, unique_violation,
    visible_member,
};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::cells::CellNames;
use crate::error::ApiError;

/// A new member as the caller sent them; checked by [`check_new`].
pub struct MemberDraft {
    pub card_number: String,
    pub full_name: String,
    pub gender: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub phone: Option<String>,
    pub citizen_id: Option<String>,
    pub joined_on: Option<NaiveDate>,
    pub official_on: Option<NaiveDate>,
    pub party_status: String,
    pub activity_status: Option<String>,
    pub org_id: String,
    pub attached_org_id: Option<String>,
    pub temporary_password: Option<SecretString>,
}

/// A change as the caller sent it: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Default)]
pub struct MemberEdit {
    pub full_name: Option<String>,
    pub gender: Option<Option<String>>,
    pub date_of_birth: Option<Option<NaiveDate>>,
    pub phone: Option<Option<String>>,
    pub citizen_id: Option<Option<String>>,
    pub joined_on: Option<Option<NaiveDate>>,
    pub official_on: Option<Option<NaiveDate>>,
    pub party_status: Option<String>,
    pub activity_status: Option<String>,
    pub org_id: Option<String>,
    pub attached_org_id: Option<Option<String>>,
}

/// The checked fields of a new member.
pub struct CheckedMember {
    pub card: CardNumber,
    pub name: PersonName,
    pub gender: Option<Gender>,
    pub phone: Option<Phone>,
    pub citizen_id: Option<CitizenId>,
    pub party_status: PartyStatus,
    pub activity_status: ActivityStatus,
    pub temporary_password: Option<Password>,
}

/// The fields of a new member, each parsed; every problem at once.
pub fn check_new(body: &MemberDraft) -> Result<CheckedMember, ApiError> {
    let mut violations = Violations::new();
    let card = violations.check("card_number", CardNumber::parse(&body.card_number));
    let name = violations.check("full_name", PersonName::parse(&body.full_name));
    let gender = body
        .gender
        .as_deref()
        .map(|g| violations.check("gender", Gender::parse(g)));
    let phone = body
        .phone
        .as_deref()
        .map(|p| violations.check("phone", Phone::parse(p)));
    let citizen_id = body
        .citizen_id
        .as_deref()
        .map(|c| violations.check("citizen_id", CitizenId::parse(c)));
    let party_status = violations.check("party_status", PartyStatus::parse(&body.party_status));
    let activity_status = match body.activity_status.as_deref() {
        Some(status) => violations.check("activity_status", ActivityStatus::parse(status)),
        None => Some(ActivityStatus::Active),
    };
    let personal: Vec<&str> = [Some(body.card_number.trim()), body.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let temporary_password = body.temporary_password.as_ref().map(|p| {
        violations.check(
            "temporary_password",
            Password::parse(p.expose_secret(), &personal),
        )
    });
    for (field, invalid) in rules::check_dates(
        body.date_of_birth,
        body.joined_on,
        body.official_on,
        clock::today(),
    ) {
        violations.add(field, invalid);
    }
    let (Some(card), Some(name), Some(party_status), Some(activity_status)) =
        (card, name, party_status, activity_status)
    else {
        return Err(ApiError::validation(violations.into_inner()));
    };
    if !violations.is_empty() {
        return Err(ApiError::validation(violations.into_inner()));
    }
    Ok(CheckedMember {
        card,
        name,
        gender: gender.flatten(),
        phone: phone.flatten(),
        citizen_id: citizen_id.flatten(),
        party_status,
        activity_status,
        temporary_password: temporary_password.flatten(),
    })
}

/// Registers a checked member in a cell the caller manages (and attaches them to another,
/// if asked), with the hash of their temporary password if they have one.
pub fn create(
    connection: &mut DbConnection,
    signed: &Signed,
    body: MemberDraft,
    fields: CheckedMember,
    password_hash: Option<String>,
    request_id: &str,
) -> Result<(MemberRow, CellNames), ApiError> {
    let caller = &signed.caller;
    let actor = signed.actor();
    connection.write_transaction(|connection| {
        let home = managed_cell(connection, caller, "org_id", &body.org_id)?;
        let attached = match &body.attached_org_id {
            Some(id) => Some(managed_cell(connection, caller, "attached_org_id", id)?),
            None => None,
        };
        let attached_id = match &body.attached_org_id {
            Some(id) => Some(cell_id("attached_org_id", id)?),
            None => None,
        };
        Standing::new(
            cell_id("org_id", &body.org_id)?,
            attached_id,
            fields.activity_status,
        )
        .map_err(|(field, invalid)| ApiError::invalid(field, invalid))?;
        if members::find_by_card(connection, fields.card.as_str())?.is_some() {
            return Err(taken("card_number"));
        }
        let id = MemberId::new().to_string();
        let now = clock::now();
        let row = members::insert(
            connection,
            &NewMember {
                id: &id,
                card_number: fields.card.as_str(),
                full_name: fields.name.as_str(),
                search_name: &fields.name.search_name(),
                sort_key: &fields.name.sort_key(&id),
                gender: fields.gender.map(Gender::as_str),
                date_of_birth: body.date_of_birth,
                phone: fields.phone.as_ref().map(Phone::as_str),
                citizen_id: fields.citizen_id.as_ref().map(CitizenId::as_str),
                joined_on: body.joined_on,
                official_on: body.official_on,
                party_status: fields.party_status.as_str(),
                activity_status: fields.activity_status.as_str(),
                org_id: &body.org_id,
                org_path: home.as_str(),
                attached_org_id: body.attached_org_id.as_deref(),
                attached_org_path: attached.as_ref().map(OrgPath::as_str),
                password_hash: password_hash.as_deref(),
                must_change_password: password_hash.is_some(),
                created_at: now,
                updated_at: now,
            },
        )
        .map_err(unique_violation)?;
        open_membership(connection, row.id, row.org_id, MembershipKind::Home)?;
        if let Some(attached_id) = row.attached_org_id {
            open_membership(connection, row.id, attached_id, MembershipKind::Temporary)?;
        }
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "member.created",
                object_type: "member",
                object_id: &row.id,
                org_id: Some(&row.org_id),
                before: None,
                after: Some(member_snapshot(&row)),
                request_id: Some(request_id),
            },
        )?;
        let cells = CellNames::seen_by(connection, [&row], caller)?;
        Ok((row, cells))
    })
}

/// Changes a member the caller administers. Moving keeps the membership history; suspending
/// or removing ends the member's sessions at once; nobody suspends themselves.
pub fn update(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    body: MemberEdit,
    request_id: &str,
) -> Result<(MemberRow, CellNames), ApiError> {
    let mut violations = Violations::new();
    let mut changes = MemberChanges::default();
    if let Some(name) = &body.full_name
        && let Some(name) = violations.check("full_name", PersonName::parse(name))
    {
        changes.search_name = Some(name.search_name());
        changes.sort_key = Some(name.sort_key(id));
        changes.full_name = Some(name.as_str().to_owned());
    }
    changes.gender = optional(&mut violations, "gender", &body.gender, |g| {
        Gender::parse(g).map(|g| g.as_str().to_owned())
    });
    changes.phone = optional(&mut violations, "phone", &body.phone, |p| {
        Phone::parse(p).map(|p| p.as_str().to_owned())
    });
    changes.citizen_id = optional(&mut violations, "citizen_id", &body.citizen_id, |c| {
        CitizenId::parse(c).map(|c| c.as_str().to_owned())
    });
    changes.party_status = body
        .party_status
        .as_deref()
        .and_then(|s| violations.check("party_status", PartyStatus::parse(s)))
        .map(|s| s.as_str().to_owned());
    let new_status = body
        .activity_status
        .as_deref()
        .and_then(|s| violations.check("activity_status", ActivityStatus::parse(s)));
    changes.date_of_birth = body.date_of_birth;
    changes.joined_on = body.joined_on;
    changes.official_on = body.official_on;
    if !violations.is_empty() {
        return Err(ApiError::validation(violations.into_inner()));
    }
    let caller = &signed.caller;
    let actor = signed.actor();
    connection.write_transaction(|connection| {
        let (before, _) = visible_member(connection, caller, id)?;
        let roles = roles_held(connection, &before)?;
        let allowed = match new_status {
            Some(_) => caller.may_change_status_of(before.id, &before.org_path, &roles),
            None => caller.may_administer(&before.org_path, &roles),
        };
        if !allowed {
            return Err(ApiError::Forbidden);
        }
        let dates = rules::check_dates(
            changes.date_of_birth.unwrap_or(before.date_of_birth),
            changes.joined_on.unwrap_or(before.joined_on),
            changes.official_on.unwrap_or(before.official_on),
            clock::today(),
        );
        if !dates.is_empty() {
            return Err(ApiError::validation(
                dates.into_iter().map(|(f, i)| (f.to_owned(), i)).collect(),
            ));
        }
        let asked = StandingChange {
            home: body
                .org_id
                .as_deref()
                .map(|id| cell_id("org_id", id))
                .transpose()?,
            attached: match &body.attached_org_id {
                Some(Some(id)) => Some(Some(cell_id("attached_org_id", id)?)),
                Some(None) => Some(None),
                None => None,
            },
            status: new_status,
        };
        let done = before
            .standing()
            .change(&asked)
            .map_err(|(field, invalid)| ApiError::invalid(field, invalid))?
            .try_map_cells(|field, cell| {
                managed_cell(connection, caller, field, &cell.to_string()).map(|path| (cell, path))
            })?;
        carry_out(connection, before.id, done, &mut changes)?;
        changes.updated_at = Some(clock::now());
        members::update(connection, before.id, &changes).map_err(unique_violation)?;
        let after = members::find(connection, before.id)?.ok_or(ApiError::NotFound)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "member.updated",
                object_type: "member",
                object_id: &after.id,
                org_id: Some(&after.org_id),
                before: Some(member_snapshot(&before)),
                after: Some(member_snapshot(&after)),
                request_id: Some(request_id),
            },
        )?;
        let cells = CellNames::seen_by(connection, [&after], caller)?;
        Ok((after, cells))
    })
}

/// Parses an optional, clearable field of a PATCH body.
fn optional<T>(
    violations: &mut Violations,
    field: &str,
    value: &Option<Option<String>>,
    parse: impl Fn(&str) -> Result<T, Invalid>,
) -> Option<Option<T>> {
    match value {
        None => None,
        Some(None) => Some(None),
        Some(Some(raw)) => violations.check(field, parse(raw)).map(Some),
    }
}
