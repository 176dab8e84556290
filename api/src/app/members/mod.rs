//! Members: who may see whom and how much, who administers whom, and the changes to them.

pub mod listing;
pub mod passwords;
pub mod registry;

use sotay_domain::Invalid;
use sotay_domain::access::{self, HeldRole, Visibility};
use sotay_domain::ids::MemberId;
use sotay_domain::member::Gender;
use sotay_domain::org::OrgPath;
use sotay_persistence::members::{self, MemberRow, NewMembership};
use sotay_persistence::{DbConnection, clock, positions};

use crate::app::orgs::visible_org;
use crate::error::ApiError;

pub fn placement(row: &MemberRow) -> Result<(MemberId, OrgPath, Option<OrgPath>), ApiError> {
    row.places()
        .ok_or_else(|| ApiError::internal("malformed stored member"))
}

pub fn visibility(caller: &access::Caller, row: &MemberRow) -> Result<Visibility, ApiError> {
    row.visibility_to(caller)
        .ok_or_else(|| ApiError::internal("malformed stored member"))
}

/// The member with `id` if the caller may see them, with how much; 404 otherwise.
pub fn visible_member(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<(MemberRow, Visibility), ApiError> {
    if id.parse::<MemberId>().is_err() {
        return Err(ApiError::NotFound);
    }
    let row = members::find(connection, id)?.ok_or(ApiError::NotFound)?;
    match visibility(caller, &row)? {
        Visibility::Hidden => Err(ApiError::NotFound),
        seen => Ok((row, seen)),
    }
}

/// Where a member stands, as the rules about acting on them take it: their id, their home
/// cell and the positions they hold today.
pub fn standing(
    connection: &mut DbConnection,
    row: &MemberRow,
) -> Result<(MemberId, OrgPath, Vec<HeldRole>), ApiError> {
    let (id, home, _) = placement(row)?;
    let roles = positions::roles_held(connection, &row.id, clock::today())?;
    Ok((id, home, roles))
}

/// A cell named in a request: it must exist, be visible, be a cell, and be managed by the caller.
pub fn managed_cell(
    connection: &mut DbConnection,
    caller: &access::Caller,
    field: &str,
    id: &str,
) -> Result<OrgPath, ApiError> {
    if id.parse::<sotay_domain::ids::OrgId>().is_ok() {
        // Until this transaction ends, the cell cannot move: the path read below stays true.
        sotay_persistence::orgs::lock(connection, id)?;
    }
    let (org, path) = visible_org(connection, caller, id).map_err(|error| match error {
        ApiError::NotFound => ApiError::invalid(
            field,
            Invalid::new("not_found", "Không có chi bộ này.", "No such cell."),
        ),
        other => other,
    })?;
    org.kind
        .holds_members()
        .map_err(|invalid| ApiError::invalid(field, invalid))?;
    if !caller.can_manage(&path) {
        return Err(ApiError::Forbidden);
    }
    Ok(path)
}

pub fn taken(field: &str) -> ApiError {
    match field {
        "phone" => ApiError::conflict(
            "phone_taken",
            "Số điện thoại này đã thuộc về đảng viên khác.",
            "This phone number belongs to another member.",
        ),
        "citizen_id" => ApiError::conflict(
            "citizen_id_taken",
            "Số CCCD này đã thuộc về đảng viên khác.",
            "This citizen id belongs to another member.",
        ),
        _ => ApiError::conflict(
            "card_number_taken",
            "Số thẻ đảng viên này đã có.",
            "This card number is already registered.",
        ),
    }
}

/// Maps a unique-constraint failure to the field it concerns (a concurrent write that passed
/// our checks).
pub fn unique_violation(error: sotay_persistence::diesel_error::Error) -> ApiError {
    match members::collided_column(&error) {
        Some(column) => taken(column),
        None => ApiError::from(error),
    }
}

/// Opens a membership (`home` or `temporary`) of the member in a cell, from today.
pub fn open_membership(
    connection: &mut DbConnection,
    member_id: &str,
    org_id: &str,
    kind: &str,
) -> Result<(), ApiError> {
    members::insert_membership(
        connection,
        &NewMembership {
            id: &uuid::Uuid::now_v7().to_string(),
            member_id,
            org_id,
            kind,
            from_date: clock::today(),
            until_date: None,
            created_at: clock::now(),
        },
    )?;
    Ok(())
}

/// What the audit trail keeps of a member: everything but secrets.
pub fn member_snapshot(row: &MemberRow) -> serde_json::Value {
    serde_json::json!({
        "card_number": row.card_number,
        "full_name": row.full_name,
        "gender": row.gender.map(Gender::as_str),
        "date_of_birth": row.date_of_birth,
        "phone": row.phone,
        "citizen_id": row.citizen_id,
        "joined_on": row.joined_on,
        "official_on": row.official_on,
        "party_status": row.party_status.as_str(),
        "activity_status": row.activity_status.as_str(),
        "org_id": row.org_id,
        "attached_org_id": row.attached_org_id,
    })
}
