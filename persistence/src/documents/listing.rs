//! What a caller may list and count: their reach (published to them, owned by what they
//! manage) and the list's filters.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sotay_domain::access::Caller;
use sotay_domain::document;
use sotay_domain::org::OrgPath;

use crate::connection::{DbConnection, MultiBackend};
use crate::schema::{document_reads, document_targets, documents, organizations};

use super::DocumentRow;

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
            .ne(document::DocumentStatus::Draft.as_str())
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

/// How many documents `list` finds with each of two filters, on all their pages, in one
/// statement: a phone's two badges on one round trip.
pub fn count_both(
    connection: &mut DbConnection,
    reach: &Reach,
    first: &DocumentFilter<'_>,
    second: &DocumentFilter<'_>,
) -> QueryResult<(i64, i64)> {
    let (first, second): (Option<i64>, Option<i64>) = diesel::select((
        counting(reach, first).single_value(),
        counting(reach, second).single_value(),
    ))
    .get_result(connection)?;
    Ok((first.unwrap_or(0), second.unwrap_or(0)))
}

fn counting<'a>(
    reach: &Reach,
    filter: &DocumentFilter<'_>,
) -> documents::BoxedQuery<'a, MultiBackend, diesel::sql_types::BigInt> {
    let query = documents::table
        .select(count_star())
        .into_boxed::<MultiBackend>();
    let mut query = narrowed(query, filter);
    if let Some(condition) = reachable(reach) {
        query = query.filter(condition);
    }
    query
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
    // Only a read or an acknowledgement of the current version counts.
    if let Some(member_id) = filter.unread_by {
        query = query.filter(not_in_reads_of(member_id, false));
    }
    if let Some(member_id) = filter.unacknowledged_by {
        query = query.filter(not_in_reads_of(member_id, true));
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

/// Not among the documents whose current version `member_id` has opened (`acknowledged`: and
/// acknowledged). Said without correlation, so that the statement is a prepared one like the
/// others: the member's reads of a document's current version, found by joining the reads to
/// the documents again.
fn not_in_reads_of(member_id: &str, acknowledged: bool) -> DocumentCondition {
    let current = diesel::alias!(documents as current);
    let reads = document_reads::table
        .inner_join(
            current.on(current
                .field(documents::id)
                .eq(document_reads::document_id)
                .and(
                    current
                        .field(documents::version)
                        .eq(document_reads::version),
                )),
        )
        .filter(document_reads::member_id.eq(member_id.to_owned()));
    if acknowledged {
        let acknowledged = reads
            .filter(document_reads::acknowledged_at.is_not_null())
            .select(document_reads::document_id);
        Box::new(diesel::dsl::not(documents::id.eq_any(acknowledged)))
    } else {
        let opened = reads.select(document_reads::document_id);
        Box::new(diesel::dsl::not(documents::id.eq_any(opened)))
    }
}
