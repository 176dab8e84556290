//! Rewrites of stored rows that need the server's own code (Unicode tables, the Vietnamese
//! collation) rather than SQL. A migration names the fix in `data_fixes`; `sotay migrate` (and
//! the server's start-up) runs each pending one once, right after the schema migrations, and
//! marks it applied. Every fix is idempotent: a node that dies half-way leaves it pending, and
//! the next run starts it again.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::collation;
use sotay_domain::document;
use sotay_domain::member::PersonName;
use sotay_domain::text;

use crate::connection::DbConnection;
use crate::error::DbError;
use crate::schema::{data_fixes, documents, members, organizations};

/// The stored names and searchable document fields to NFC, search columns folded anew,
/// members' and documents' list keys filled in. (Document versions and structures are kept as
/// they were published.)
pub const TEXT_FORMS: &str = "text_forms_2026_11";

/// Rows rewritten per transaction: small enough not to hold locks long at national scale.
const BATCH: i64 = 1_000;
/// Documents per transaction: a document carries its whole text, up to 80,000 characters.
const DOCUMENT_BATCH: i64 = 100;

pub fn any_pending(connection: &mut DbConnection) -> Result<bool, DbError> {
    let pending: i64 = data_fixes::table
        .filter(data_fixes::applied_at.is_null())
        .count()
        .get_result(connection)?;
    Ok(pending > 0)
}

/// Runs the pending fixes in name order and returns their names.
pub fn run_pending(connection: &mut DbConnection) -> Result<Vec<String>, DbError> {
    let pending: Vec<String> = data_fixes::table
        .filter(data_fixes::applied_at.is_null())
        .order(data_fixes::name.asc())
        .select(data_fixes::name)
        .load(connection)?;
    let mut applied = Vec::new();
    for name in pending {
        match name.as_str() {
            TEXT_FORMS => text_forms(connection)?,
            _ => {
                // Written by a newer release: leave it to that release.
                tracing::warn!(fix = %name, "an unknown data fix is left pending");
                continue;
            }
        }
        diesel::update(data_fixes::table.find(&name))
            .set(data_fixes::applied_at.eq(Some(crate::clock::now())))
            .execute(connection)?;
        tracing::info!(fix = %name, "data fix applied");
        applied.push(name);
    }
    Ok(applied)
}

fn text_forms(connection: &mut DbConnection) -> Result<(), DbError> {
    rewrite_members(connection)?;
    rewrite_org_names(connection)?;
    rewrite_documents(connection)?;
    Ok(())
}

/// Rewrites the rows `load` gives after each id in turn, `batch` at a time, each batch in its
/// own transaction, until `load` gives fewer than `batch`.
fn in_batches<R>(
    connection: &mut DbConnection,
    batch: i64,
    load: impl Fn(&mut DbConnection, &str) -> QueryResult<Vec<R>>,
    id_of: impl Fn(&R) -> String,
    rewrite: impl Fn(&mut DbConnection, R) -> QueryResult<()>,
) -> Result<(), DbError> {
    let mut after = String::new();
    loop {
        let done = connection.write_transaction(|connection| -> QueryResult<bool> {
            let rows = load(connection, &after)?;
            let full = rows.len() as i64 == batch;
            if let Some(last) = rows.last() {
                after = id_of(last);
            }
            for row in rows {
                rewrite(connection, row)?;
            }
            Ok(!full)
        })?;
        if done {
            return Ok(());
        }
    }
}

fn rewrite_members(connection: &mut DbConnection) -> Result<(), DbError> {
    type Row = (String, String, String, String);
    in_batches(
        connection,
        BATCH,
        |connection, after| {
            members::table
                .filter(members::id.gt(after.to_owned()))
                .order(members::id.asc())
                .select((
                    members::id,
                    members::full_name,
                    members::search_name,
                    members::sort_key,
                ))
                .limit(BATCH)
                .load::<Row>(connection)
        },
        |(id, ..)| id.clone(),
        |connection, (id, full_name, search_name, sort_key)| {
            let name = PersonName::canonical(&full_name);
            let folded = text::fold_for_search(&name);
            let key = collation::given_name_first_key(&name, &id);
            if (&name, &folded, &key) != (&full_name, &search_name, &sort_key) {
                diesel::update(members::table.find(&id))
                    .set((
                        members::full_name.eq(name),
                        members::search_name.eq(folded),
                        members::sort_key.eq(key),
                    ))
                    .execute(connection)?;
            }
            Ok(())
        },
    )
}

fn rewrite_org_names(connection: &mut DbConnection) -> Result<(), DbError> {
    in_batches(
        connection,
        BATCH,
        |connection, after| {
            organizations::table
                .filter(organizations::id.gt(after.to_owned()))
                .order(organizations::id.asc())
                .select((organizations::id, organizations::name))
                .limit(BATCH)
                .load::<(String, String)>(connection)
        },
        |(id, _)| id.clone(),
        |connection, (id, name)| {
            if let std::borrow::Cow::Owned(normal) = text::nfc(&name) {
                diesel::update(organizations::table.find(&id))
                    .set(organizations::name.eq(normal))
                    .execute(connection)?;
            }
            Ok(())
        },
    )
}

fn rewrite_documents(connection: &mut DbConnection) -> Result<(), DbError> {
    type Row = (
        String,
        (String, String, String, Option<String>, Option<String>),
        String,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    in_batches(
        connection,
        DOCUMENT_BATCH,
        |connection, after| {
            documents::table
                .filter(documents::id.gt(after.to_owned()))
                .order(documents::id.asc())
                .select((
                    documents::id,
                    (
                        documents::code,
                        documents::title,
                        documents::issuer,
                        documents::summary,
                        documents::body,
                    ),
                    documents::search_text,
                    documents::list_key,
                    documents::created_at,
                    documents::published_at,
                ))
                .limit(DOCUMENT_BATCH)
                .load::<Row>(connection)
        },
        |(id, ..)| id.clone(),
        |connection, (id, stored, search_text, list_key, created_at, published_at)| {
            let nfc = |value: &str| text::nfc(value).into_owned();
            let normal = (
                nfc(&stored.0),
                nfc(&stored.1),
                nfc(&stored.2),
                stored.3.as_deref().map(nfc),
                stored.4.as_deref().map(nfc),
            );
            let folded =
                document::search_text(&normal.0, &normal.1, &normal.2, normal.3.as_deref());
            let key = document::list_key(published_at.unwrap_or(created_at), &id);
            if normal != stored || folded != search_text || key != list_key {
                let (code, title, issuer, summary, body) = normal;
                diesel::update(documents::table.find(&id))
                    .set((
                        documents::code.eq(code),
                        documents::title.eq(title),
                        documents::issuer.eq(issuer),
                        documents::summary.eq(summary),
                        documents::body.eq(body),
                        documents::search_text.eq(folded),
                        documents::list_key.eq(key),
                    ))
                    .execute(connection)?;
            }
            Ok(())
        },
    )
}

/// Fills the list keys of rows that have none: written by a node of the previous release while
/// this one was being rolled out, after the data fix had run. Two index lookups when there are
/// none, so it runs at every migration.
pub fn fill_missing_keys(connection: &mut DbConnection) -> Result<(), DbError> {
    loop {
        let members: Vec<(String, String)> = members::table
            .filter(members::sort_key.eq(""))
            .select((members::id, members::full_name))
            .limit(BATCH)
            .load(connection)?;
        if members.is_empty() {
            break;
        }
        connection.write_transaction(|connection| -> QueryResult<()> {
            for (id, full_name) in &members {
                let key = collation::given_name_first_key(&PersonName::canonical(full_name), id);
                diesel::update(members::table.find(id))
                    .set(members::sort_key.eq(key))
                    .execute(connection)?;
            }
            Ok(())
        })?;
    }
    loop {
        let documents: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = documents::table
            .filter(documents::list_key.eq(""))
            .select((
                documents::id,
                documents::created_at,
                documents::published_at,
            ))
            .limit(BATCH)
            .load(connection)?;
        if documents.is_empty() {
            return Ok(());
        }
        connection.write_transaction(|connection| -> QueryResult<()> {
            for (id, created_at, published_at) in &documents {
                let key = document::list_key(published_at.unwrap_or(*created_at), id);
                diesel::update(documents::table.find(id))
                    .set(documents::list_key.eq(key))
                    .execute(connection)?;
            }
            Ok(())
        })?;
    }
}
