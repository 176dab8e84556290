//! Members: rows and queries.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::access::{Caller, Placement, Visibility};
use sotay_domain::ids::{MemberId, OrgId};
use sotay_domain::member::standing::Standing;
use sotay_domain::member::{ActivityStatus, Gender, PartyStatus};
use sotay_domain::org::OrgPath;

use crate::connection::DbConnection;
use crate::positions::{PositionRow, PositionWithPath};
use crate::schema::{members, organizations, positions};

pub(crate) mod listing;
mod membership;

pub use listing::*;
pub use membership::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct MemberRow {
    pub id: MemberId,
    pub card_number: String,
    pub full_name: String,
    pub search_name: String,
    pub sort_key: String,
    pub gender: Option<Gender>,
    pub date_of_birth: Option<NaiveDate>,
    pub phone: Option<String>,
    pub citizen_id: Option<String>,
    pub joined_on: Option<NaiveDate>,
    pub official_on: Option<NaiveDate>,
    pub party_status: PartyStatus,
    pub activity_status: ActivityStatus,
    pub org_id: OrgId,
    pub org_path: OrgPath,
    pub attached_org_id: Option<OrgId>,
    pub attached_org_path: Option<OrgPath>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl MemberRow {
    /// The member's cells and status, as the rules about changing them take them.
    pub fn standing(&self) -> Standing {
        Standing {
            home: self.org_id,
            attached: self.attached_org_id,
            status: self.activity_status,
        }
    }

    /// How much of this member `caller` may see.
    pub fn visibility_to(&self, caller: &Caller) -> Visibility {
        caller.visibility_of(Placement {
            member_id: self.id,
            home: &self.org_path,
            attached: self.attached_org_path.as_ref(),
        })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = members)]
pub struct NewMember<'a> {
    pub id: &'a str,
    pub card_number: &'a str,
    pub full_name: &'a str,
    pub search_name: &'a str,
    pub sort_key: &'a str,
    pub gender: Option<&'a str>,
    pub date_of_birth: Option<NaiveDate>,
    pub phone: Option<&'a str>,
    pub citizen_id: Option<&'a str>,
    pub joined_on: Option<NaiveDate>,
    pub official_on: Option<NaiveDate>,
    pub party_status: &'a str,
    pub activity_status: &'a str,
    pub org_id: &'a str,
    pub org_path: &'a str,
    pub attached_org_id: Option<&'a str>,
    pub attached_org_path: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub must_change_password: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A partial update; `None` leaves a column alone, `Some(None)` clears a nullable one.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = members)]
pub struct MemberChanges {
    pub full_name: Option<String>,
    pub search_name: Option<String>,
    pub sort_key: Option<String>,
    pub gender: Option<Option<String>>,
    pub date_of_birth: Option<Option<NaiveDate>>,
    pub phone: Option<Option<String>>,
    pub citizen_id: Option<Option<String>>,
    pub joined_on: Option<Option<NaiveDate>>,
    pub official_on: Option<Option<NaiveDate>>,
    pub party_status: Option<String>,
    pub activity_status: Option<String>,
    pub org_id: Option<String>,
    pub org_path: Option<String>,
    pub attached_org_id: Option<Option<String>>,
    pub attached_org_path: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
}

/// The unique column of `members` a write collided on: `card_number`, `phone` or
/// `citizen_id`. PostgreSQL names the constraint (`members_phone_key`); SQLite names no
/// constraint but its message names the column (`UNIQUE constraint failed: members.phone`).
pub fn collided_column(error: &diesel::result::Error) -> Option<&'static str> {
    use diesel::result::{DatabaseErrorKind, Error};
    let Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) = error else {
        return None;
    };
    let named = info.constraint_name().unwrap_or_else(|| info.message());
    ["card_number", "citizen_id", "phone"]
        .into_iter()
        .find(|column| named.contains(column))
}

pub fn insert(connection: &mut DbConnection, member: &NewMember<'_>) -> QueryResult<MemberRow> {
    diesel::insert_into(members::table)
        .values(member)
        .execute(connection)?;
    members::table
        .find(member.id)
        .select(MemberRow::as_select())
        .first(connection)
}

pub fn find(connection: &mut DbConnection, id: MemberId) -> QueryResult<Option<MemberRow>> {
    members::table
        .find(id.to_string())
        .select(MemberRow::as_select())
        .first(connection)
        .optional()
}

/// The member with `id` and the positions they hold on `day`, each with its organisation's
/// path, in one statement: every authenticated request starts with it.
pub fn with_current_positions(
    connection: &mut DbConnection,
    id: MemberId,
    day: NaiveDate,
) -> QueryResult<Option<(MemberRow, Vec<PositionWithPath>)>> {
    let rows: Vec<(MemberRow, Option<PositionRow>, Option<OrgPath>)> = members::table
        .filter(members::id.eq(id.to_string()))
        .left_join(
            positions::table.on(positions::member_id
                .eq(members::id)
                .and(crate::positions::held_on(day))),
        )
        .left_join(organizations::table.on(positions::org_id.eq(organizations::id.nullable())))
        .order(positions::id.nullable().asc())
        .select((
            MemberRow::as_select(),
            Option::<PositionRow>::as_select(),
            organizations::path.nullable(),
        ))
        .load(connection)?;
    let mut member = None;
    let mut held = Vec::new();
    for (row, position, org_path) in rows {
        member.get_or_insert(row);
        if let Some(position) = position {
            held.push(PositionWithPath { position, org_path });
        }
    }
    Ok(member.map(|member| (member, held)))
}

pub fn find_by_card(connection: &mut DbConnection, card: &str) -> QueryResult<Option<MemberRow>> {
    members::table
        .filter(members::card_number.eq(card))
        .select(MemberRow::as_select())
        .first(connection)
        .optional()
}

/// The member who logs in with `login`: a card number, or else a phone number. A login that
/// reads as both is one member's card before it is another's phone, always.
pub fn find_by_login(
    connection: &mut DbConnection,
    card: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<Option<MemberRow>> {
    if let Some(card) = card
        && let Some(member) = find_by_card(connection, card)?
    {
        return Ok(Some(member));
    }
    let Some(phone) = phone else {
        return Ok(None);
    };
    members::table
        .filter(members::phone.eq(phone))
        .select(MemberRow::as_select())
        .first(connection)
        .optional()
}

pub fn update(
    connection: &mut DbConnection,
    id: MemberId,
    changes: &MemberChanges,
) -> QueryResult<usize> {
    diesel::update(members::table.find(id.to_string()))
        .set(changes)
        .execute(connection)
}

pub fn set_password(
    connection: &mut DbConnection,
    id: MemberId,
    password_hash: &str,
    must_change: bool,
) -> QueryResult<usize> {
    diesel::update(members::table.find(id.to_string()))
        .set((
            members::password_hash.eq(password_hash),
            members::must_change_password.eq(must_change),
            members::updated_at.eq(crate::clock::now()),
        ))
        .execute(connection)
}

/// Replaces a hash with a stronger one after a login, leaving everything else alone.
pub fn upgrade_password_hash(
    connection: &mut DbConnection,
    id: MemberId,
    password_hash: &str,
) -> QueryResult<usize> {
    diesel::update(members::table.find(id.to_string()))
        .set(members::password_hash.eq(password_hash))
        .execute(connection)
}

/// Ends every session of the member: access tokens carry the epoch they were issued in.
pub fn bump_session_epoch(connection: &mut DbConnection, id: MemberId) -> QueryResult<usize> {
    diesel::update(members::table.find(id.to_string()))
        .set(members::session_epoch.eq(members::session_epoch + 1))
        .execute(connection)
}

/// Members by card number, phone or citizen id: what an import must check its rows against.
pub fn find_matching(
    connection: &mut DbConnection,
    cards: &[String],
    phones: &[String],
    citizen_ids: &[String],
) -> QueryResult<Vec<MemberRow>> {
    let mut found = Vec::new();
    // Bounded IN lists: SQLite allows 32,766 parameters, PostgreSQL 65,535.
    for chunk in cards.chunks(1000) {
        found.extend(
            members::table
                .filter(members::card_number.eq_any(chunk))
                .select(MemberRow::as_select())
                .load(connection)?,
        );
    }
    for chunk in phones.chunks(1000) {
        found.extend(
            members::table
                .filter(members::phone.eq_any(chunk))
                .select(MemberRow::as_select())
                .load(connection)?,
        );
    }
    for chunk in citizen_ids.chunks(1000) {
        found.extend(
            members::table
                .filter(members::citizen_id.eq_any(chunk))
                .select(MemberRow::as_select())
                .load(connection)?,
        );
    }
    found.sort_by_key(|member| member.id);
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}
