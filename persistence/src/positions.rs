//! Positions held by members at organisations.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::access::HeldRole;
use sotay_domain::ids::{MemberId, OrgId, PositionId};
use sotay_domain::org::OrgPath;
use sotay_domain::role::Role;

use crate::connection::DbConnection;
use crate::schema::{organizations, positions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = positions)]
pub struct PositionRow {
    pub id: PositionId,
    pub member_id: MemberId,
    pub org_id: Option<OrgId>,
    pub role: Role,
    pub from_date: NaiveDate,
    pub until_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = positions)]
pub struct NewPosition<'a> {
    pub id: &'a str,
    pub member_id: &'a str,
    pub org_id: Option<&'a str>,
    pub role: &'a str,
    pub from_date: NaiveDate,
    pub until_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

/// A position with the path of its organisation (`None` above the tree).
#[derive(Debug, Clone)]
pub struct PositionWithPath {
    pub position: PositionRow,
    pub org_path: Option<OrgPath>,
}

pub fn insert(
    connection: &mut DbConnection,
    position: &NewPosition<'_>,
) -> QueryResult<PositionRow> {
    diesel::insert_into(positions::table)
        .values(position)
        .execute(connection)?;
    positions::table
        .find(position.id)
        .select(PositionRow::as_select())
        .first(connection)
}

pub fn find(
    connection: &mut DbConnection,
    id: PositionId,
) -> QueryResult<Option<PositionWithPath>> {
    with_paths(
        positions::table
            .filter(positions::id.eq(id.to_string()))
            .into_boxed(),
        connection,
    )
    .map(|mut rows| rows.pop())
}

/// Every position of the member, past and present, oldest first.
pub fn of_member(
    connection: &mut DbConnection,
    member_id: MemberId,
) -> QueryResult<Vec<PositionWithPath>> {
    with_paths(
        positions::table
            .filter(positions::member_id.eq(member_id.to_string()))
            .into_boxed(),
        connection,
    )
}

/// Positions held on `day`: begun, and not ended before it. The domain's
/// `member::positions::Term::held_on`, as SQL; `tests/api/held_agreement.rs` checks they agree.
#[diesel::dsl::auto_type]
pub(crate) fn held_on(day: NaiveDate) -> _ {
    positions::from_date.le(day).and(
        positions::until_date
            .is_null()
            .or(positions::until_date.ge(day)),
    )
}

/// The positions the member holds on `day`.
pub fn current_of_member(
    connection: &mut DbConnection,
    member_id: MemberId,
    day: NaiveDate,
) -> QueryResult<Vec<PositionWithPath>> {
    with_paths(
        positions::table
            .filter(positions::member_id.eq(member_id.to_string()))
            .filter(held_on(day))
            .into_boxed(),
        connection,
    )
}

/// The roles each of `member_ids` holds on `day`, by member id (members holding none are
/// left out), in one statement.
pub fn roles_held_by(
    connection: &mut DbConnection,
    member_ids: &[MemberId],
    day: NaiveDate,
) -> QueryResult<HashMap<MemberId, Vec<HeldRole>>> {
    let member_ids: Vec<String> = member_ids.iter().map(MemberId::to_string).collect();
    let rows: Vec<(PositionRow, Option<OrgPath>)> = positions::table
        .left_join(organizations::table.on(positions::org_id.eq(organizations::id.nullable())))
        .filter(positions::member_id.eq_any(member_ids))
        .filter(held_on(day))
        .select((PositionRow::as_select(), organizations::path.nullable()))
        .load(connection)?;
    let mut held: HashMap<MemberId, Vec<HeldRole>> = HashMap::new();
    for (position, org_path) in rows {
        let member_id = position.member_id;
        held.entry(member_id).or_default().push(HeldRole {
            role: position.role,
            at: org_path,
        });
    }
    Ok(held)
}

/// The roles the member holds on `day`, as the access rules take them.
pub fn roles_held(
    connection: &mut DbConnection,
    member_id: MemberId,
    day: NaiveDate,
) -> QueryResult<Vec<HeldRole>> {
    Ok(current_of_member(connection, member_id, day)?
        .iter()
        .map(PositionWithPath::held_role)
        .collect())
}

impl PositionWithPath {
    /// The position as the access rules see it.
    pub fn held_role(&self) -> HeldRole {
        HeldRole {
            role: self.position.role,
            at: self.org_path.clone(),
        }
    }
}

/// The positions `query` selects, each with its organisation's path (a second statement).
fn with_paths(
    query: positions::BoxedQuery<'_, crate::connection::MultiBackend>,
    connection: &mut DbConnection,
) -> QueryResult<Vec<PositionWithPath>> {
    let rows: Vec<PositionRow> = query
        .order(positions::id.asc())
        .select(PositionRow::as_select())
        .load(connection)?;
    let org_ids: Vec<String> = rows
        .iter()
        .filter_map(|row| row.org_id.map(|id| id.to_string()))
        .collect();
    let paths: HashMap<OrgId, OrgPath> = organizations::table
        .filter(organizations::id.eq_any(org_ids))
        .select((organizations::id, organizations::path))
        .load::<(OrgId, OrgPath)>(connection)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|position| {
            let org_path = position.org_id.and_then(|id| paths.get(&id).cloned());
            PositionWithPath { position, org_path }
        })
        .collect())
}

/// Ends a position on `until` (history is kept, nothing is deleted).
pub fn end(connection: &mut DbConnection, id: PositionId, until: NaiveDate) -> QueryResult<usize> {
    diesel::update(positions::table.find(id.to_string()))
        .set(positions::until_date.eq(until))
        .execute(connection)
}
