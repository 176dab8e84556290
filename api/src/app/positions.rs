//! Positions held by members at organisations: granted and ended by whoever manages the place,
//! never deleted.

use chrono::NaiveDate;
use sotay_domain::Invalid;
use sotay_domain::access;
use sotay_domain::ids::PositionId;
use sotay_domain::member::positions::{Term, check_room_for_another};
use sotay_domain::role::Role;
use sotay_persistence::positions::{self, NewPosition, PositionWithPath};
use sotay_persistence::{DbConnection, clock};

use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::members::{visible_by_id, visible_member};
use crate::app::orgs::visible_org;
use crate::error::ApiError;

/// A position to grant, as the caller sent it; its dates checked by [`grant`].
pub struct Grant {
    pub org_id: Option<String>,
    pub role: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// Every position of a member the caller may see, past and present, oldest first.
pub fn of_member(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Vec<PositionWithPath>, ApiError> {
    let (member, _) = visible_member(connection, caller, id)?;
    Ok(positions::of_member(connection, member.id)?)
}

/// Grants a position at an organisation the caller manages (above the tree: system
/// administrators only).
pub fn grant(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    body: Grant,
    request_id: &str,
) -> Result<PositionWithPath, ApiError> {
    let role = Role::parse(&body.role).map_err(|invalid| ApiError::invalid("role", invalid))?;
    role.check_placement(body.org_id.is_some())
        .map_err(|invalid| ApiError::invalid("org_id", invalid))?;
    let term = Term::new(body.from.unwrap_or_else(clock::today), body.until)
        .map_err(|(field, invalid)| ApiError::invalid(field, invalid))?;
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
            let (member, _) = visible_member(connection, caller, id)?;
            let recorded: Vec<Term> = positions::of_member(connection, member.id)?
                .iter()
                .map(|row| Term::stored(row.position.from_date, row.position.until_date))
                .collect();
            let allowed = match &body.org_id {
                None => caller.is_system_admin(),
                Some(org_id) => {
                    let (_, path) = visible_org(connection, caller, org_id).map_err(|error| match error {
                        ApiError::NotFound => ApiError::invalid("org_id", Invalid::new("not_found", "Không có tổ chức này.", "No such organisation.")),
                        other => other,
                    })?;
                    caller.can_manage(&path)
                }
            };
            if !allowed {
                return Err(ApiError::Forbidden);
            }
            check_room_for_another(&recorded, clock::today())
                .map_err(|invalid| ApiError::invalid("member_id", invalid))?;
            let position_id = PositionId::new().to_string();
            let row = positions::insert(
                connection,
                &NewPosition {
                    id: &position_id,
                    member_id: &member.id.to_string(),
                    org_id: body.org_id.as_deref(),
                    role: role.as_str(),
                    from_date: term.from(),
                    until_date: term.until(),
                    created_at: clock::now(),
                },
            )?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "position.granted",
                    object_type: "position",
                    object_id: &row.id,
                    org_id: row.org_id.as_ref().map(|id| id as _),
                    before: None,
                    after: Some(serde_json::json!({"member_id": row.member_id.to_string(), "role": row.role.as_str(), "from": row.from_date, "until": row.until_date})),
                    request_id: Some(request_id),
                },
            )?;
            positions::find(connection, row.id)?.ok_or(ApiError::NotFound)
        })
}

/// Ends a position today (the day it is ended, it is no longer held tomorrow); its history
/// stays.
pub fn end(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    request_id: &str,
) -> Result<(), ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let id = PositionId::from_text(id).ok_or(ApiError::NotFound)?;
        let found = positions::find(connection, id)?.ok_or(ApiError::NotFound)?;
        // Visible to whoever may see the holder; managed by whoever manages its place.
        visible_by_id(connection, caller, found.position.member_id)?;
        let allowed = match &found.org_path {
            None => caller.is_system_admin(),
            Some(path) => caller.can_manage(path),
        };
        if !allowed {
            return Err(ApiError::Forbidden);
        }
        let today = clock::today();
        let term = Term::stored(found.position.from_date, found.position.until_date);
        if term.ended_on(today).is_some() {
            positions::end(connection, found.position.id, today)?;
        }
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "position.ended",
                object_type: "position",
                object_id: &found.position.id,
                org_id: found.position.org_id.as_ref().map(|id| id as _),
                before: Some(serde_json::json!({"until": found.position.until_date})),
                after: Some(serde_json::json!({"until": today})),
                request_id: Some(request_id),
            },
        )
    })
}
