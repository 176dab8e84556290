//! Members: who may see whom and how much, who administers whom, and the changes to them.

pub mod listing;
pub mod passwords;
pub mod registry;
pub mod standing;

use sotay_domain::Invalid;
use sotay_domain::access::{self, HeldRole, Visibility};
use sotay_domain::ids::{MemberId, OrgId};
use sotay_domain::member::Gender;
use sotay_domain::member::standing::MembershipKind;
use sotay_domain::org::OrgPath;
use sotay_persistence::members::{self, MemberRow, NewMembership};
use sotay_persistence::{DbConnection, clock, positions};

use crate::app::orgs::visible_org;
use crate::error::ApiError;

/// The member with `id` if the caller may see them, with how much; 404 otherwise.
pub fn visible_member(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<(MemberRow, Visibility), ApiError> {
    let member_id = MemberId::from_text(id).ok_or(ApiError::NotFound)?;
    visible_by_id(connection, caller, member_id)
}

/// [`visible_member`], for an id already read.
pub fn visible_by_id(
    connection: &mut DbConnection,
    caller: &access::Caller,
    member_id: MemberId,
) -> Result<(MemberRow, Visibility), ApiError> {
    let row = members::find(connection, member_id)?.ok_or(ApiError::NotFound)?;
    match row.visibility_to(caller) {
        Visibility::Hidden => Err(ApiError::NotFound),
        seen => Ok((row, seen)),
    }
}

/// The positions a member holds today, as the rules about acting on them take them.
pub fn roles_held(
    connection: &mut DbConnection,
    row: &MemberRow,
) -> Result<Vec<HeldRole>, ApiError> {
    Ok(positions::roles_held(connection, row.id, clock::today())?)
}

/// The id of a cell named in a request field. Ids are matched as the server writes them, so
/// text that is not exactly one (say, in capitals) names no cell.
pub fn cell_id(field: &str, raw: &str) -> Result<OrgId, ApiError> {
    OrgId::from_text(raw).ok_or_else(|| no_such_cell(field))
}

fn no_such_cell(field: &str) -> ApiError {
    ApiError::invalid(
        field,
        Invalid::new("not_found", "Không có chi bộ này.", "No such cell."),
    )
}

/// A cell named in a request: it must exist, be visible, be a cell, and be managed by the caller.
pub fn managed_cell(
    connection: &mut DbConnection,
    caller: &access::Caller,
    field: &str,
    id: &str,
) -> Result<OrgPath, ApiError> {
    if let Some(id) = OrgId::from_text(id) {
        // Until this transaction ends, the cell cannot move: the path read below stays true.
        sotay_persistence::orgs::lock(connection, id)?;
    }
    let (org, path) = visible_org(connection, caller, id).map_err(|error| match error {
        ApiError::NotFound => no_such_cell(field),
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

/// Opens a membership of the member in a cell, from today.
pub fn open_membership(
    connection: &mut DbConnection,
    member_id: MemberId,
    org_id: OrgId,
    kind: MembershipKind,
) -> Result<(), ApiError> {
    members::insert_membership(
        connection,
        &NewMembership {
            id: &uuid::Uuid::now_v7().to_string(),
            member_id: &member_id.to_string(),
            org_id: &org_id.to_string(),
            kind: kind.as_str(),
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
        "org_id": row.org_id.to_string(),
        "attached_org_id": row.attached_org_id.map(|id| id.to_string()),
    })
}
