//! Organisations: rows and queries.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Text};
use sotay_domain::access::Scope;
use sotay_domain::ids::OrgId;
use sotay_domain::org::{OrgKind, OrgPath};

use crate::connection::{DbConnection, MultiBackend};
use crate::schema::{document_targets, documents, members, memberships, organizations, positions};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct OrgRow {
    pub id: OrgId,
    pub parent_id: Option<OrgId>,
    pub path: OrgPath,
    pub kind: OrgKind,
    pub name: String,
    pub code: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = organizations)]
pub struct NewOrg<'a> {
    pub id: &'a str,
    pub parent_id: Option<&'a str>,
    pub path: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub code: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = organizations)]
pub struct OrgChanges<'a> {
    pub name: Option<&'a str>,
    pub code: Option<&'a str>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Filters of `GET /orgs`.
#[derive(Debug, Default)]
pub struct OrgFilter<'a> {
    /// Only this organisation's subtree.
    pub within: Option<&'a OrgPath>,
    pub kind: Option<&'a str>,
    pub parent_id: Option<&'a str>,
}

type OrgCondition<'a> =
    Box<dyn BoxableExpression<organizations::table, MultiBackend, SqlType = Bool> + 'a>;

diesel::define_sql_function!(fn substr(text: Text, start: Integer) -> Text);

fn in_subtree(subtree: &OrgPath) -> OrgCondition<'static> {
    Box::new(
        organizations::path
            .ge(subtree.as_str().to_owned())
            .and(organizations::path.lt(subtree.subtree_upper_bound())),
    )
}

/// The organisations a scope sees: its subtrees, and the chain above its own cells.
fn visible(scope: &Scope) -> Option<OrgCondition<'static>> {
    let subtrees = scope.subtrees.as_ref()?;
    let chain: Vec<String> = scope
        .cells
        .iter()
        .flat_map(|cell| cell.ids().map(|id| id.to_string()).collect::<Vec<_>>())
        .collect();
    let mut condition: OrgCondition<'static> = Box::new(organizations::id.eq_any(chain));
    for subtree in subtrees {
        condition = Box::new(condition.or(in_subtree(subtree)));
    }
    Some(condition)
}

pub fn insert(connection: &mut DbConnection, org: &NewOrg<'_>) -> QueryResult<OrgRow> {
    diesel::insert_into(organizations::table)
        .values(org)
        .execute(connection)?;
    organizations::table
        .find(org.id)
        .select(OrgRow::as_select())
        .first(connection)
}

pub fn find(connection: &mut DbConnection, id: OrgId) -> QueryResult<Option<OrgRow>> {
    let id = id.to_string();
    organizations::table
        .find(&id)
        .select(OrgRow::as_select())
        .first(connection)
        .optional()
}

/// The organisations with these ids, a thousand per query (SQLite bounds the parameters of
/// one statement).
pub fn find_many(connection: &mut DbConnection, ids: &[OrgId]) -> QueryResult<Vec<OrgRow>> {
    let ids: Vec<String> = ids.iter().map(OrgId::to_string).collect();
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1_000) {
        found.extend(
            organizations::table
                .filter(organizations::id.eq_any(chunk.to_vec()))
                .select(OrgRow::as_select())
                .load(connection)?,
        );
    }
    Ok(found)
}

/// Locks the organisation's row until the transaction ends (a no-op write: portable, unlike
/// `FOR SHARE`), so that a concurrent move of its subtree cannot change the path just read.
pub fn lock(connection: &mut DbConnection, id: OrgId) -> QueryResult<usize> {
    let id = id.to_string();
    diesel::update(organizations::table.find(&id))
        .set(organizations::updated_at.eq(organizations::updated_at))
        .execute(connection)
}

pub fn find_by_code(connection: &mut DbConnection, code: &str) -> QueryResult<Option<OrgRow>> {
    organizations::table
        .filter(organizations::code.eq(code))
        .select(OrgRow::as_select())
        .first(connection)
        .optional()
}

pub fn find_by_codes(connection: &mut DbConnection, codes: &[String]) -> QueryResult<Vec<OrgRow>> {
    organizations::table
        .filter(organizations::code.eq_any(codes))
        .select(OrgRow::as_select())
        .load(connection)
}

/// One page of the organisations `scope` sees, in creation order, after the cursor `after`.
pub fn list(
    connection: &mut DbConnection,
    scope: &Scope,
    filter: &OrgFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<OrgRow>> {
    let mut query = organizations::table
        .select(OrgRow::as_select())
        .order(organizations::id.asc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(condition) = visible(scope) {
        query = query.filter(condition);
    }
    if let Some(within) = filter.within {
        query = query.filter(in_subtree(within));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(organizations::kind.eq(kind.to_owned()));
    }
    if let Some(parent_id) = filter.parent_id {
        query = query.filter(organizations::parent_id.eq(parent_id.to_owned()));
    }
    if let Some(after) = after {
        query = query.filter(organizations::id.gt(after.to_owned()));
    }
    query.load(connection)
}

/// The longest path in the subtree at `path`, to check how deep a move would take it. The
/// paths are loaded rather than measured in SQL: a subtree is a few hundred rows at most, and
/// `length()` does not compile through `MultiConnection`.
pub fn deepest_depth_within(connection: &mut DbConnection, path: &OrgPath) -> QueryResult<usize> {
    let paths: Vec<String> = organizations::table
        .filter(in_subtree(path))
        .select(organizations::path)
        .load(connection)?;
    Ok(paths
        .iter()
        .filter_map(|raw| OrgPath::parse(raw))
        .map(|path| path.depth())
        .max()
        .unwrap_or(0))
}

pub fn update(
    connection: &mut DbConnection,
    id: OrgId,
    changes: &OrgChanges<'_>,
) -> QueryResult<usize> {
    let id = id.to_string();
    diesel::update(organizations::table.find(&id))
        .set(changes)
        .execute(connection)
}

/// What is attached to an organisation: children, members (own or attached), positions.
pub fn dependants(connection: &mut DbConnection, id: OrgId) -> QueryResult<i64> {
    let id = id.to_string();
    let children: i64 = organizations::table
        .filter(organizations::parent_id.eq(&id))
        .select(count_star())
        .first(connection)?;
    let members: i64 = members::table
        .filter(members::org_id.eq(&id).or(members::attached_org_id.eq(&id)))
        .select(count_star())
        .first(connection)?;
    let positions: i64 = positions::table
        .filter(positions::org_id.eq(&id))
        .select(count_star())
        .first(connection)?;
    // Former members too: the history of who belonged here is kept.
    let memberships: i64 = memberships::table
        .filter(memberships::org_id.eq(&id))
        .select(count_star())
        .first(connection)?;
    // Documents it owns, and documents published to it.
    let documents: i64 = documents::table
        .filter(documents::org_id.eq(&id))
        .select(count_star())
        .first(connection)?;
    let publications: i64 = document_targets::table
        .filter(document_targets::org_id.eq(&id))
        .select(count_star())
        .first(connection)?;
    Ok(children + members + positions + memberships + documents + publications)
}

pub fn delete(connection: &mut DbConnection, id: OrgId) -> QueryResult<usize> {
    let id = id.to_string();
    diesel::delete(organizations::table.find(&id)).execute(connection)
}

/// Moves the subtree at `old` under a new parent, so that it sits at `new`: rewrites the paths
/// of every organisation inside it and of every member placed inside it. Run it in a
/// transaction.
pub fn move_subtree(
    connection: &mut DbConnection,
    id: OrgId,
    new_parent_id: OrgId,
    old: &OrgPath,
    new: &OrgPath,
) -> QueryResult<()> {
    let id = id.to_string();
    let new_parent_id = new_parent_id.to_string();
    let cut = i32::try_from(old.as_str().len() + 1).unwrap_or(i32::MAX);
    let (low, high) = (old.as_str().to_owned(), old.subtree_upper_bound());
    let prefix = new.as_str().to_owned();
    // The members moved are marked changed: what reaches them changed with their place, and
    // their phones' next sync starts over.
    let now = crate::clock::now();

    diesel::update(organizations::table.find(&id))
        .set(organizations::parent_id.eq(&new_parent_id))
        .execute(connection)?;
    diesel::update(
        organizations::table.filter(
            organizations::path
                .ge(&low)
                .and(organizations::path.lt(&high)),
        ),
    )
    .set(
        organizations::path.eq(prefix
            .clone()
            .into_sql::<Text>()
            .concat(substr(organizations::path, cut))),
    )
    .execute(connection)?;
    diesel::update(
        members::table.filter(members::org_path.ge(&low).and(members::org_path.lt(&high))),
    )
    .set((
        members::org_path.eq(prefix
            .clone()
            .into_sql::<Text>()
            .concat(substr(members::org_path, cut))),
        members::updated_at.eq(now),
    ))
    .execute(connection)?;
    diesel::update(
        members::table.filter(
            members::attached_org_path
                .ge(&low)
                .and(members::attached_org_path.lt(&high)),
        ),
    )
    .set((
        members::attached_org_path.eq(prefix
            .into_sql::<Text>()
            .concat(substr(members::attached_org_path.assume_not_null(), cut))
            .nullable()),
        members::updated_at.eq(now),
    ))
    .execute(connection)?;
    Ok(())
}
