//! Positions held by members at organisations.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::access::HeldRole;
use sotay_domain::org::OrgPath;
use sotay_domain::role::Role;

use crate::connection::DbConnection;
use crate::schema::{organizations, positions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = positions)]
pub struct PositionRow {
    pub id: String,
    pub member_id: String,
    pub org_id: Option<String>,
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
    pub org_path: Option<String>,
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

pub fn find(connection: &mut DbConnection, id: &str) -> QueryResult<Option<PositionWithPath>> {
    with_paths(
        positions::table.filter(positions::id.eq(id)).into_boxed(),
        connection,
    )
    .map(|mut rows| rows.pop())
}

/// Every position of the member, past and present, oldest first.
pub fn of_member(
    connection: &mut DbConnection,
    member_id: &str,
) -> QueryResult<Vec<PositionWithPath>> {
    with_paths(
        positions::table
            .filter(positions::member_id.eq(member_id))
            .into_boxed(),
        connection,
    )
}

/// The positions the member holds on `day`.
pub fn current_of_member(
    connection: &mut DbConnection,
    member_id: &str,
    day: NaiveDate,
) -> QueryResult<Vec<PositionWithPath>> {
    with_paths(
        positions::table
            .filter(positions::member_id.eq(member_id))
            .filter(positions::from_date.le(day))
            .filter(
                positions::until_date
                    .is_null()
                    .or(positions::until_date.ge(day)),
            )
            .into_boxed(),
        connection,
    )
}

/// The roles the member holds on `day`, as the access rules take them (a role or path this build
/// does not know grants nothing and is left out).
pub fn roles_held(
    connection: &mut DbConnection,
    member_id: &str,
    day: NaiveDate,
) -> QueryResult<Vec<HeldRole>> {
    Ok(current_of_member(connection, member_id, day)?
        .iter()
        .filter_map(PositionWithPath::held_role)
        .collect())
}

impl PositionWithPath {
    /// The position as the access rules see it; `None` for a path that does not parse.
    pub fn held_role(&self) -> Option<HeldRole> {
        let role = self.position.role;
        let at = match &self.org_path {
            Some(raw) => Some(OrgPath::parse(raw)?),
            None => None,
        };
        Some(HeldRole { role, at })
    }
}

fn with_paths(
    query: positions::BoxedQuery<'_, crate::connection::MultiBackend>,
    connection: &mut DbConnection,
) -> QueryResult<Vec<PositionWithPath>> {
    let rows: Vec<PositionRow> = query
        .order(positions::id.asc())
        .select(PositionRow::as_select())
        .load(connection)?;
    let org_ids: Vec<&str> = rows
        .iter()
        .filter_map(|row| row.org_id.as_deref())
        .collect();
    let paths: Vec<(String, String)> = organizations::table
        .filter(organizations::id.eq_any(org_ids))
        .select((organizations::id, organizations::path))
        .load(connection)?;
    Ok(rows
        .into_iter()
        .map(|position| {
            let org_path = position.org_id.as_ref().and_then(|id| {
                paths
                    .iter()
                    .find(|(org, _)| org == id)
                    .map(|(_, path)| path.clone())
            });
            PositionWithPath { position, org_path }
        })
        .collect())
}

/// Ends a position on `until` (history is kept, nothing is deleted).
pub fn end(connection: &mut DbConnection, id: &str, until: NaiveDate) -> QueryResult<usize> {
    diesel::update(positions::table.find(id))
        .set(positions::until_date.eq(until))
        .execute(connection)
}
