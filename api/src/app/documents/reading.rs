//! Reading documents: the list, one document (with its read receipt), acknowledging it, and
//! its published versions.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use sotay_domain::access;
use sotay_domain::document::{DocumentKind, DocumentStatus, Refusal};
use sotay_domain::ids::DocumentId;
use sotay_domain::org::OrgPath;
use sotay_persistence::documents::{
    self, DocumentFilter, DocumentRow, Reach, ReadRow, TargetRow, VersionRow,
};
use sotay_persistence::{DbConnection, clock};

use super::{
    DocumentView, ReaderTerms, refused, terms_of, view, view_for, visible_document,
    visible_with_read,
};
use crate::error::ApiError;

/// What a list of documents is narrowed to.
#[derive(Debug, Default)]
pub struct ListFilter {
    /// Folded search words, each to be found in the code, title, issuer or summary.
    pub words: Vec<String>,
    pub kind: Option<DocumentKind>,
    pub status: Option<DocumentStatus>,
    /// Only published documents whose current version the caller has not opened.
    pub unread: bool,
    /// Only published documents required of the caller.
    pub required: bool,
    pub updated_since: Option<NaiveDateTime>,
}

/// One page of the documents the caller may see, with their terms for each: three statements
/// for the whole page (documents, their publications, the caller's reads), none per row.
pub fn list(
    connection: &mut DbConnection,
    caller: &access::Caller,
    filter: ListFilter,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(DocumentRow, ReaderTerms)>, ApiError> {
    let reach = Reach::of(caller);
    let member_id = caller.member_id.to_string();
    // "Unread" and "required" mean waiting to be read: published documents only.
    let status = if filter.unread || filter.required {
        Some(DocumentStatus::Published)
    } else {
        filter.status
    };
    let query = DocumentFilter {
        kind: filter.kind.map(DocumentKind::as_str),
        status: status.map(DocumentStatus::as_str),
        words: filter.words,
        updated_since: filter.updated_since,
        unread_by: filter.unread.then_some(member_id.as_str()),
        required_through: filter.required.then(|| reach.reader_org_ids.clone()),
        unacknowledged_by: None,
    };
    let rows = documents::list(connection, &reach, &query, after, limit)?;
    with_terms(connection, caller, rows)
}

/// Documents with the caller's terms for each (required, due, opened, acknowledged): two
/// queries for the whole list.
pub fn with_terms(
    connection: &mut DbConnection,
    caller: &access::Caller,
    rows: Vec<DocumentRow>,
) -> Result<Vec<(DocumentRow, ReaderTerms)>, ApiError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<DocumentId> = rows.iter().map(|row| row.id).collect();
    let mut targets: HashMap<DocumentId, Vec<(TargetRow, OrgPath)>> = HashMap::new();
    for (target, path) in documents::targets_of_many(connection, &ids)? {
        targets
            .entry(target.document_id)
            .or_default()
            .push((target, path));
    }
    let reads = documents::reads_of_member(connection, caller.member_id, &ids)?;
    rows.into_iter()
        .map(|row| {
            let status = row.status;
            let of_row = targets.get(&row.id).map(Vec::as_slice).unwrap_or_default();
            let read = reads
                .iter()
                .find(|read| read.document_id == row.id && read.version == row.version);
            let terms = terms_of(caller, status, of_row, read);
            Ok((row, terms))
        })
        .collect()
}

/// One document, whole. The first open of each published version is recorded (the read
/// receipt). A re-read, the common case, is three statements and no transaction: the caller,
/// the document with its owner and the caller's read, its publications.
pub fn open(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<DocumentView, ApiError> {
    let (visible, read) = visible_with_read(connection, caller, id)?;
    if !visible.lifecycle().receipt_due(read.is_some()) {
        return view(caller, visible, read.as_ref());
    }
    connection.write_transaction(|connection| {
        let visible = visible_document(connection, caller, id)?;
        let read = ReadRow {
            id: uuid::Uuid::now_v7().to_string(),
            document_id: visible.row.id,
            member_id: caller.member_id,
            version: visible.row.version,
            opened_at: clock::now(),
            acknowledged_at: None,
        };
        documents::record_open(connection, &read)?;
        // A first open racing this one may have won, and been acknowledged since.
        view_for(connection, caller, visible)
    })
}

/// "I have studied this version": only a version the caller opened, and only the current one.
pub fn acknowledge(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
    version: Option<i32>,
) -> Result<DocumentView, ApiError> {
    connection.write_transaction(|connection| {
        let (visible, read) = visible_with_read(connection, caller, id)?;
        visible
            .lifecycle()
            .acknowledge(version, read.is_some())
            .map_err(refused)?;
        let Some(mut read) = read else {
            return Err(refused(Refusal::NotOpened));
        };
        // The read row is the record (who, which version, when): no audit event for it.
        if read.acknowledged_at.is_none() {
            let now = clock::now();
            documents::acknowledge(connection, &read.id, now)?;
            read.acknowledged_at = Some(now);
        }
        view(caller, visible, Some(&read))
    })
}

/// Every published version of a document the caller may see, oldest first.
pub fn versions(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Vec<VersionRow>, ApiError> {
    let visible = visible_document(connection, caller, id)?;
    Ok(documents::versions(connection, visible.row.id)?)
}

/// One published version of a document the caller may see.
pub fn version(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
    number: i32,
) -> Result<VersionRow, ApiError> {
    let visible = visible_document(connection, caller, id)?;
    documents::version(connection, visible.row.id, number)?.ok_or(ApiError::NotFound)
}
