//! Documents, the versions a published document went through, where each was published, and
//! who has opened and acknowledged which version.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::count_star;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as QueryError};
use diesel::sql_types::Bool;
use sotay_domain::access::Caller;
use sotay_domain::document;
use sotay_domain::org::OrgPath;

use crate::connection::{DbConnection, MultiBackend};
use crate::members::MemberRow;
use crate::schema::{
    document_reads, document_targets, document_versions, documents, members, organizations,
};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = documents)]
pub struct DocumentRow {
    pub id: String,
    pub org_id: String,
    pub kind: String,
    pub code: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub title: String,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub structure: Option<String>,
    pub search_text: String,
    pub status: String,
    pub version: i32,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    /// Where the document sits in lists, newest first: see [`document::list_key`].
    pub list_key: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = documents)]
pub struct NewDocument<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub kind: &'a str,
    pub code: &'a str,
    pub issuer: &'a str,
    pub issued_on: Option<NaiveDate>,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub body: Option<&'a str>,
    pub structure: Option<&'a str>,
    pub search_text: &'a str,
    pub status: &'a str,
    pub version: i32,
    pub created_by: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub list_key: &'a str,
}

/// A partial update; `None` leaves a column alone, `Some(None)` clears a nullable one.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = documents)]
pub struct DocumentChanges {
    pub kind: Option<String>,
    pub code: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<Option<NaiveDate>>,
    pub title: Option<String>,
    pub summary: Option<Option<String>>,
    pub body: Option<Option<String>>,
    pub structure: Option<Option<String>>,
    pub search_text: Option<String>,
    pub status: Option<String>,
    pub version: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
    pub published_at: Option<Option<NaiveDateTime>>,
    pub list_key: Option<String>,
}

/// The content of one published version, kept when the next one is made.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = document_versions)]
pub struct VersionRow {
    pub id: String,
    pub document_id: String,
    pub version: i32,
    pub kind: String,
    pub code: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub title: String,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub structure: Option<String>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    /// The files the version carried, as JSON; `None` for versions kept before files were.
    pub attachments: Option<String>,
}

impl VersionRow {
    /// The document's current content as version row `id`, with `attachments` (JSON) the
    /// files it carries.
    pub fn of(
        document: &DocumentRow,
        id: String,
        created_by: Option<String>,
        attachments: Option<String>,
    ) -> Self {
        VersionRow {
            id,
            document_id: document.id.clone(),
            version: document.version,
            kind: document.kind.clone(),
            code: document.code.clone(),
            issuer: document.issuer.clone(),
            issued_on: document.issued_on,
            title: document.title.clone(),
            summary: document.summary.clone(),
            body: document.body.clone(),
            structure: document.structure.clone(),
            created_by,
            created_at: document.updated_at,
            attachments,
        }
    }
}

/// One organisation a document was published to, with the organisation's path.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = document_targets)]
pub struct TargetRow {
    pub id: String,
    pub document_id: String,
    pub org_id: String,
    pub required: bool,
    pub due_on: Option<NaiveDate>,
    pub published_by: Option<String>,
    pub published_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = document_reads)]
pub struct ReadRow {
    pub id: String,
    pub document_id: String,
    pub member_id: String,
    pub version: i32,
    pub opened_at: NaiveDateTime,
    pub acknowledged_at: Option<NaiveDateTime>,
}

/// Which documents a list shows: those published to any of `reader_org_ids`, and every
/// document owned inside `managed` (drafts included). `managed: None` is everything (system
/// administrator).
#[derive(Debug, Clone)]
pub struct Reach {
    pub reader_org_ids: Vec<String>,
    pub managed: Option<Vec<OrgPath>>,
}

impl Reach {
    /// What `caller` sees: what is published to their cells (own and attached) and their
    /// ancestors, and everything in the subtrees they manage.
    pub fn of(caller: &Caller) -> Self {
        Reach {
            reader_org_ids: document::reader_orgs(caller)
                .iter()
                .map(ToString::to_string)
                .collect(),
            managed: caller.managed_scope().subtrees,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DocumentFilter<'a> {
    pub kind: Option<&'a str>,
    pub status: Option<&'a str>,
    /// Folded search words; each must occur in the folded code, title, issuer or summary.
    pub words: Vec<String>,
    pub updated_since: Option<NaiveDateTime>,
    /// Only documents whose current version `member_id` has not opened.
    pub unread_by: Option<&'a str>,
    /// Only documents whose current version `member_id` has not acknowledged.
    pub unacknowledged_by: Option<&'a str>,
    /// Only documents published as required to one of these organisations.
    pub required_through: Option<Vec<String>>,
}

type DocumentCondition = Box<dyn BoxableExpression<documents::table, MultiBackend, SqlType = Bool>>;

fn owned_within(subtree: &OrgPath) -> DocumentCondition {
    let inside = organizations::table
        .filter(organizations::path.ge(subtree.as_str().to_owned()))
        .filter(organizations::path.lt(subtree.subtree_upper_bound()))
        .select(organizations::id);
    Box::new(documents::org_id.eq_any(inside))
}

/// Published (not draft) and published to one of the caller's reading organisations.
fn published_to(reader_org_ids: &[String]) -> DocumentCondition {
    let published_to_me = document_targets::table
        .filter(document_targets::org_id.eq_any(reader_org_ids.to_vec()))
        .select(document_targets::document_id);
    Box::new(
        documents::status
            .ne("draft")
            .and(documents::id.eq_any(published_to_me)),
    )
}

/// Owned inside one of `subtrees`.
fn owned_within_any(subtrees: &[OrgPath]) -> Option<DocumentCondition> {
    subtrees
        .iter()
        .map(owned_within)
        .reduce(|either, or| Box::new(either.or(or)))
}

/// The whole reach in one condition, for counts; `None` for a caller who sees everything.
fn reachable(reach: &Reach) -> Option<DocumentCondition> {
    let managed = reach.managed.as_ref()?;
    let published: DocumentCondition = published_to(&reach.reader_org_ids);
    Some(match owned_within_any(managed) {
        Some(owned) => Box::new(published.or(owned)),
        None => published,
    })
}

/// Takes the document's row lock (PostgreSQL) for the rest of the transaction, so that edits,
/// publications and archiving of one document happen one after another and each sees the
/// state the previous one left. SQLite's `BEGIN IMMEDIATE` already serialises writers.
pub fn lock(connection: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::update(documents::table.find(id))
        .set(documents::id.eq(documents::id))
        .execute(connection)
}

pub fn insert(connection: &mut DbConnection, document: &NewDocument<'_>) -> QueryResult<usize> {
    diesel::insert_into(documents::table)
        .values(document)
        .execute(connection)
}

pub fn find(connection: &mut DbConnection, id: &str) -> QueryResult<Option<DocumentRow>> {
    documents::table
        .find(id)
        .select(DocumentRow::as_select())
        .first(connection)
        .optional()
}

/// The document with `id` and its owning organisation's path, in one statement.
pub fn find_with_owner(
    connection: &mut DbConnection,
    id: &str,
) -> QueryResult<Option<(DocumentRow, String)>> {
    documents::table
        .inner_join(organizations::table.on(organizations::id.eq(documents::org_id)))
        .filter(documents::id.eq(id.to_owned()))
        .select((DocumentRow::as_select(), organizations::path))
        .first(connection)
        .optional()
}

/// Whether another document of `org_id` carries `code`.
pub fn code_taken(
    connection: &mut DbConnection,
    org_id: &str,
    code: &str,
    except_id: Option<&str>,
) -> QueryResult<bool> {
    let mut query = documents::table
        .filter(documents::org_id.eq(org_id.to_owned()))
        .filter(documents::code.eq(code.to_owned()))
        .select(documents::id)
        .into_boxed::<MultiBackend>();
    if let Some(except_id) = except_id {
        query = query.filter(documents::id.ne(except_id.to_owned()));
    }
    Ok(query.first::<String>(connection).optional()?.is_some())
}

/// One page of the documents `reach` shows, newest first, after the list key `after` of the
/// previous page's last row (any text is a place in that order).
pub fn list(
    connection: &mut DbConnection,
    reach: &Reach,
    filter: &DocumentFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<DocumentRow>> {
    let Some(managed) = &reach.managed else {
        return page(connection, None, filter, after, limit);
    };
    let published = page(
        connection,
        Some(published_to(&reach.reader_org_ids)),
        filter,
        after,
        limit,
    )?;
    let Some(owned) = owned_within_any(managed) else {
        return Ok(published);
    };
    // A manager's two sources, each read in list order and merged: as one `OR`, PostgreSQL
    // hashed every publication to the caller's organisations before returning the first row
    // (35 ms for a page of 20 over 100,000 documents published to a ward); apart, each is an
    // index scan that stops at the page's end.
    let owned = page(connection, Some(owned), filter, after, limit)?;
    let mut rows: Vec<DocumentRow> = published.into_iter().chain(owned).collect();
    rows.sort_by(|a, b| b.list_key.cmp(&a.list_key));
    rows.dedup_by(|a, b| a.id == b.id);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(rows)
}

/// One page of documents meeting `reach` (all, when `None`) and `filter`, newest first.
fn page(
    connection: &mut DbConnection,
    reach: Option<DocumentCondition>,
    filter: &DocumentFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<DocumentRow>> {
    let mut query = documents::table
        .select(DocumentRow::as_select())
        .order(documents::list_key.desc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(reach) = reach {
        query = query.filter(reach);
    }
    let mut query = narrowed(query, filter);
    if let Some(after) = after {
        query = query.filter(documents::list_key.lt(after.to_owned()));
    }
    query.load(connection)
}

/// How many documents `list` finds with `filter`, on all its pages: a phone's badge.
pub fn count(
    connection: &mut DbConnection,
    reach: &Reach,
    filter: &DocumentFilter<'_>,
) -> QueryResult<i64> {
    let query = documents::table
        .select(count_star())
        .into_boxed::<MultiBackend>();
    let mut query = narrowed(query, filter);
    if let Some(condition) = reachable(reach) {
        query = query.filter(condition);
    }
    query.get_result(connection)
}

/// `query` narrowed to what `filter` asks for.
fn narrowed<'a, ST>(
    mut query: documents::BoxedQuery<'a, MultiBackend, ST>,
    filter: &DocumentFilter<'_>,
) -> documents::BoxedQuery<'a, MultiBackend, ST> {
    if let Some(kind) = filter.kind {
        query = query.filter(documents::kind.eq(kind.to_owned()));
    }
    if let Some(status) = filter.status {
        query = query.filter(documents::status.eq(status.to_owned()));
    }
    for word in &filter.words {
        query = query.filter(documents::search_text.like(format!("%{word}%")));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(documents::updated_at.ge(since));
    }
    // Correlated on the document's current version, which diesel's DSL cannot say: a read or
    // an acknowledgement of an older version does not count.
    if let Some(member_id) = filter.unread_by {
        query = query.filter(not_in_reads_of(member_id, ""));
    }
    if let Some(member_id) = filter.unacknowledged_by {
        query = query.filter(not_in_reads_of(
            member_id,
            " AND r.acknowledged_at IS NOT NULL",
        ));
    }
    if let Some(org_ids) = &filter.required_through {
        let required = document_targets::table
            .filter(document_targets::org_id.eq_any(org_ids.clone()))
            .filter(document_targets::required.eq(true))
            .select(document_targets::document_id);
        query = query.filter(documents::id.eq_any(required));
    }
    query
}

/// No read of the document's current version by `member_id` that also meets `and` (SQL).
fn not_in_reads_of(member_id: &str, and: &'static str) -> DocumentCondition {
    Box::new(
        diesel::dsl::sql::<Bool>(
            "NOT EXISTS (SELECT 1 FROM document_reads r WHERE r.document_id = documents.id \
             AND r.version = documents.version AND r.member_id = ",
        )
        .bind::<diesel::sql_types::Text, _>(member_id.to_owned())
        .sql(and)
        .sql(")"),
    )
}

pub fn update(
    connection: &mut DbConnection,
    id: &str,
    changes: &DocumentChanges,
) -> QueryResult<usize> {
    diesel::update(documents::table.find(id))
        .set(changes)
        .execute(connection)
}

pub fn insert_version(connection: &mut DbConnection, version: &VersionRow) -> QueryResult<usize> {
    diesel::insert_into(document_versions::table)
        .values(version)
        .execute(connection)
}

/// The organisations a document is published to, with their paths.
pub fn targets(
    connection: &mut DbConnection,
    document_id: &str,
) -> QueryResult<Vec<(TargetRow, String)>> {
    document_targets::table
        .inner_join(organizations::table)
        .filter(document_targets::document_id.eq(document_id.to_owned()))
        .order(document_targets::id.asc())
        .select((TargetRow::as_select(), organizations::path))
        .load(connection)
}

/// The publications of several documents, with the organisations' paths: one query for a
/// whole page.
pub fn targets_of_many(
    connection: &mut DbConnection,
    document_ids: &[String],
) -> QueryResult<Vec<(TargetRow, String)>> {
    document_targets::table
        .inner_join(organizations::table)
        .filter(document_targets::document_id.eq_any(document_ids.to_vec()))
        .select((TargetRow::as_select(), organizations::path))
        .load(connection)
}

/// The member's reads of several documents, every version.
pub fn reads_of_member(
    connection: &mut DbConnection,
    member_id: &str,
    document_ids: &[String],
) -> QueryResult<Vec<ReadRow>> {
    document_reads::table
        .filter(document_reads::member_id.eq(member_id.to_owned()))
        .filter(document_reads::document_id.eq_any(document_ids.to_vec()))
        .select(ReadRow::as_select())
        .load(connection)
}

/// Publishes to one more organisation, or changes `required`/`due_on` where it already was.
/// Callers hold the document's lock (`lock`), so two publications cannot both insert.
pub fn upsert_target(connection: &mut DbConnection, target: &TargetRow) -> QueryResult<()> {
    let changed = diesel::update(
        document_targets::table
            .filter(document_targets::document_id.eq(target.document_id.clone()))
            .filter(document_targets::org_id.eq(target.org_id.clone())),
    )
    .set((
        document_targets::required.eq(target.required),
        document_targets::due_on.eq(target.due_on),
    ))
    .execute(connection)?;
    if changed == 0 {
        diesel::insert_into(document_targets::table)
            .values(target)
            .execute(connection)?;
    }
    Ok(())
}

/// The member's read of one version, if any.
pub fn read_of(
    connection: &mut DbConnection,
    document_id: &str,
    member_id: &str,
    version: i32,
) -> QueryResult<Option<ReadRow>> {
    document_reads::table
        .filter(document_reads::document_id.eq(document_id.to_owned()))
        .filter(document_reads::member_id.eq(member_id.to_owned()))
        .filter(document_reads::version.eq(version))
        .select(ReadRow::as_select())
        .first(connection)
        .optional()
}

/// Records the first open of a version; later opens change nothing. Two first opens racing
/// each other both succeed: the second one's duplicate is ignored inside a savepoint.
pub fn record_open(connection: &mut DbConnection, read: &ReadRow) -> QueryResult<()> {
    if read_of(connection, &read.document_id, &read.member_id, read.version)?.is_some() {
        return Ok(());
    }
    let inserted = connection.transaction(|connection| {
        diesel::insert_into(document_reads::table)
            .values(read)
            .execute(connection)
    });
    match inserted {
        Ok(_) | Err(QueryError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(()),
        Err(other) => Err(other),
    }
}

/// Marks an opened version acknowledged (once: the first time stays).
pub fn acknowledge(
    connection: &mut DbConnection,
    read_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        document_reads::table
            .find(read_id)
            .filter(document_reads::acknowledged_at.is_null()),
    )
    .set(document_reads::acknowledged_at.eq(Some(at)))
    .execute(connection)
}

/// The published versions of a document, oldest first.
pub fn versions(connection: &mut DbConnection, document_id: &str) -> QueryResult<Vec<VersionRow>> {
    document_versions::table
        .filter(document_versions::document_id.eq(document_id.to_owned()))
        .order(document_versions::version.asc())
        .select(VersionRow::as_select())
        .load(connection)
}

pub fn version(
    connection: &mut DbConnection,
    document_id: &str,
    version: i32,
) -> QueryResult<Option<VersionRow>> {
    document_versions::table
        .filter(document_versions::document_id.eq(document_id.to_owned()))
        .filter(document_versions::version.eq(version))
        .select(VersionRow::as_select())
        .first(connection)
        .optional()
}

type MemberCondition = Box<dyn BoxableExpression<members::table, MultiBackend, SqlType = Bool>>;

/// The member's own cell, or the cell they are attached to, lies inside `subtree`.
fn placed_within(subtree: &OrgPath) -> MemberCondition {
    let (low, high) = (subtree.as_str().to_owned(), subtree.subtree_upper_bound());
    Box::new(
        members::org_path
            .ge(low.clone())
            .and(members::org_path.lt(high.clone()))
            .or(members::attached_org_path
                .ge(low)
                .and(members::attached_org_path.lt(high))
                .assume_not_null()),
    )
}

/// Who should read a document in a subtree: active members (exempt ones are not counted)
/// placed inside `within` and reached by one of the document's publications. Each person
/// once, however many ways they are reached.
fn expected_readers(within: &OrgPath, published_to: &[OrgPath]) -> MemberCondition {
    let mut reached: MemberCondition = Box::new(false.into_sql::<Bool>());
    for target in published_to {
        reached = Box::new(reached.or(placed_within(target)));
    }
    Box::new(
        placed_within(within)
            .and(members::activity_status.eq("active"))
            .and(reached),
    )
}

/// How many should read version `version` of a document in a subtree, how many opened it,
/// and how many acknowledged it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readership {
    pub expected: i64,
    pub opened: i64,
    pub acknowledged: i64,
}

pub fn readership(
    connection: &mut DbConnection,
    document_id: &str,
    version: i32,
    within: &OrgPath,
    published_to: &[OrgPath],
) -> QueryResult<Readership> {
    let reads = || {
        document_reads::table
            .filter(document_reads::document_id.eq(document_id.to_owned()))
            .filter(document_reads::version.eq(version))
    };
    let expected = members::table
        .filter(expected_readers(within, published_to))
        .select(count_star())
        .first(connection)?;
    let opened = members::table
        .filter(expected_readers(within, published_to))
        .filter(members::id.eq_any(reads().select(document_reads::member_id)))
        .select(count_star())
        .first(connection)?;
    let acknowledged = members::table
        .filter(expected_readers(within, published_to))
        .filter(
            members::id.eq_any(
                reads()
                    .filter(document_reads::acknowledged_at.is_not_null())
                    .select(document_reads::member_id),
            ),
        )
        .select(count_star())
        .first(connection)?;
    Ok(Readership {
        expected,
        opened,
        acknowledged,
    })
}

/// The expected readers who have not acknowledged the version yet, by cell and name, at most
/// `limit`; with whether each has opened it.
pub fn pending_readers(
    connection: &mut DbConnection,
    document_id: &str,
    version: i32,
    within: &OrgPath,
    published_to: &[OrgPath],
    limit: i64,
) -> QueryResult<Vec<(MemberRow, bool)>> {
    let acknowledged = document_reads::table
        .filter(document_reads::document_id.eq(document_id.to_owned()))
        .filter(document_reads::version.eq(version))
        .filter(document_reads::acknowledged_at.is_not_null())
        .select(document_reads::member_id);
    let pending: Vec<MemberRow> = members::table
        .filter(expected_readers(within, published_to))
        .filter(diesel::dsl::not(members::id.eq_any(acknowledged)))
        .order((
            members::org_path.asc(),
            members::search_name.asc(),
            members::id.asc(),
        ))
        .limit(limit)
        .select(MemberRow::as_select())
        .load(connection)?;
    // Every opener of the version, not an `IN` list of the pending: SQLite caps the number
    // of bound parameters, and a subtree may have tens of thousands pending.
    let opened: std::collections::HashSet<String> = document_reads::table
        .filter(document_reads::document_id.eq(document_id.to_owned()))
        .filter(document_reads::version.eq(version))
        .select(document_reads::member_id)
        .load::<String>(connection)?
        .into_iter()
        .collect();
    Ok(pending
        .into_iter()
        .map(|member| {
            let has_opened = opened.contains(&member.id);
            (member, has_opened)
        })
        .collect())
}
