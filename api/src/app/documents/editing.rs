//! Changing documents: a new draft, an edit (a new version once published), publication to
//! organisations, and archiving.

use chrono::NaiveDate;
use sotay_domain::document::{
    self, DocumentCode, DocumentKind, DocumentStatus, Structure, StructureDraft, multi_line,
};
use sotay_domain::ids::DocumentId;
use sotay_domain::validation::Violations;
use sotay_persistence::documents::{self, DocumentChanges, DocumentRow, NewDocument};
use sotay_persistence::{DbConnection, clock, stored};

use super::{
    DocumentView, managed_document, record_change, refuse_if_archived, view_for, visible_document,
};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::orgs::referenced_org;
use crate::error::ApiError;

/// A new document as the caller sent it; checked by [`create`].
pub struct DocumentDraft {
    pub org_id: String,
    pub kind: DocumentKind,
    pub code: String,
    pub title: String,
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub structure: Option<StructureDraft>,
}

/// An edit as the caller sent it: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Default)]
pub struct DocumentEdit {
    pub kind: Option<DocumentKind>,
    pub code: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<Option<NaiveDate>>,
    pub summary: Option<Option<String>>,
    pub body: Option<Option<String>>,
    pub structure: Option<Option<StructureDraft>>,
}

fn code_taken() -> ApiError {
    ApiError::conflict(
        "code_taken",
        "Tổ chức này đã có văn bản mang số hiệu này.",
        "This organisation already has a document with this code.",
    )
}

fn optional_text(
    violations: &mut Violations,
    field: &str,
    raw: Option<&str>,
    max: usize,
) -> Option<String> {
    raw.and_then(|raw| violations.check(field, multi_line(raw, max)).flatten())
}

/// The structure as stored JSON, checked against (and keeping the ids of) `previous`; `None`
/// when it does not check out (the problems are in `violations`).
fn resolved_structure(
    draft: Option<StructureDraft>,
    previous: &Structure,
    violations: &mut Violations,
) -> Option<Option<String>> {
    let Some(draft) = draft else {
        return Some(None);
    };
    match draft.resolve(previous) {
        Ok(structure) => Some(Some(stored::structure_json(&structure))),
        Err(problems) => {
            for (at, invalid) in problems {
                violations.add(&format!("structure.{at}"), invalid);
            }
            None
        }
    }
}

/// A new draft in an organisation the caller manages, seen by that organisation's managers
/// only until published.
pub fn create(
    connection: &mut DbConnection,
    signed: &Signed,
    draft: DocumentDraft,
    request_id: &str,
) -> Result<DocumentView, ApiError> {
    let mut violations = Violations::new();
    let code = violations.check("code", DocumentCode::parse(&draft.code));
    if let Some(code) = &code {
        violations.check("code", code.check_kind(draft.kind));
    }
    let title = violations.check("title", document::title(&draft.title));
    let issuer = violations.check("issuer", document::issuer(&draft.issuer));
    if draft
        .issued_on
        .is_some_and(|date| !sotay_domain::member::plausible(date))
    {
        violations.add("issued_on", sotay_domain::member::out_of_range());
    }
    let summary = optional_text(
        &mut violations,
        "summary",
        draft.summary.as_deref(),
        document::MAX_SUMMARY_LEN,
    );
    let text = optional_text(
        &mut violations,
        "body",
        draft.body.as_deref(),
        document::MAX_BODY_LEN,
    );
    let structure = resolved_structure(draft.structure, &Structure::default(), &mut violations);
    let (Some(code), Some(title), Some(issuer), Some(structure), true) =
        (code, title, issuer, structure, violations.is_empty())
    else {
        return Err(ApiError::validation(violations.into_inner()));
    };
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let (org, path) = referenced_org(connection, caller, "org_id", &draft.org_id)?;
        if !caller.can_manage(&path) {
            return Err(ApiError::Forbidden);
        }
        if documents::code_taken(connection, org.id, code.as_str(), None)? {
            return Err(code_taken());
        }
        let org_id = org.id.to_string();
        let id = DocumentId::new().to_string();
        let now = clock::now();
        documents::insert(
            connection,
            &NewDocument {
                id: &id,
                org_id: &org_id,
                kind: draft.kind.as_str(),
                code: code.as_str(),
                issuer: &issuer,
                issued_on: draft.issued_on,
                title: &title,
                summary: summary.as_deref(),
                body: text.as_deref(),
                structure: structure.as_deref(),
                search_text: &document::search_text(
                    code.as_str(),
                    &title,
                    &issuer,
                    summary.as_deref(),
                ),
                status: DocumentStatus::Draft.as_str(),
                version: 1,
                created_by: Some(actor),
                created_at: now,
                updated_at: now,
                list_key: &document::list_key(now, &id),
            },
        )
        .map_err(|error| ApiError::unique_or(error, code_taken))?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "document.created",
                object_type: "document",
                object_id: &id,
                org_id: Some(&org.id),
                before: None,
                after: Some(serde_json::json!({"code": code.as_str(), "title": title})),
                request_id: Some(request_id),
            },
        )?;
        let visible = visible_document(connection, caller, &id)?;
        view_for(connection, caller, visible)
    })
}

/// An edit. A draft changes in place; a published document gets a new version (the previous
/// one stays readable, and readers are asked again); an archived one is not edited.
pub fn update(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    edit: DocumentEdit,
    request_id: &str,
) -> Result<DocumentView, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let visible = managed_document(connection, caller, id)?;
        refuse_if_archived(&visible)?;
        let before = &visible.row;
        let changes = checked_changes(edit, before)?;
        if !changes_anything(&changes, before) {
            // Nothing to change: no new version, and readers are not asked again.
            return view_for(connection, caller, visible);
        }
        if let Some(code) = &changes.code
            && documents::code_taken(connection, before.org_id, code, Some(before.id))?
        {
            return Err(code_taken());
        }
        documents::update(connection, before.id, &changes)
            .map_err(|error| ApiError::unique_or(error, code_taken))?;
        let version = record_change(connection, &visible, actor)?;
        let after = visible_document(connection, caller, id)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: if version.is_some() { "document.versioned" } else { "document.updated" },
                object_type: "document",
                object_id: &before.id,
                org_id: Some(&before.org_id),
                before: Some(serde_json::json!({"version": before.version, "title": before.title, "code": before.code})),
                after: Some(serde_json::json!({"version": after.row.version, "title": after.row.title, "code": after.row.code})),
                request_id: Some(request_id),
            },
        )?;
        view_for(connection, caller, after)
    })
}

/// Whether applying `changes` would alter anything of `before` (the search text follows the
/// other fields).
fn changes_anything(changes: &DocumentChanges, before: &DocumentRow) -> bool {
    let differs = |new: &Option<String>, old: &str| new.as_deref().is_some_and(|new| new != old);
    let differs_opt = |new: &Option<Option<String>>, old: &Option<String>| {
        new.as_ref().is_some_and(|new| new != old)
    };
    differs(&changes.kind, before.kind.as_str())
        || differs(&changes.code, &before.code)
        || differs(&changes.issuer, &before.issuer)
        || differs(&changes.title, &before.title)
        || changes
            .issued_on
            .is_some_and(|issued_on| issued_on != before.issued_on)
        || differs_opt(&changes.summary, &before.summary)
        || differs_opt(&changes.body, &before.body)
        || differs_opt(&changes.structure, &before.structure)
}

/// The checked changes of an edit, search text included.
fn checked_changes(edit: DocumentEdit, before: &DocumentRow) -> Result<DocumentChanges, ApiError> {
    let mut violations = Violations::new();
    let code = edit
        .code
        .as_deref()
        .and_then(|code| violations.check("code", DocumentCode::parse(code)));
    let stored_kind = before.kind;
    let effective_code = match &code {
        Some(code) => Some(code.clone()),
        None => DocumentCode::parse(&before.code).ok(),
    };
    if let Some(effective_code) = &effective_code {
        violations.check(
            "code",
            effective_code.check_kind(edit.kind.unwrap_or(stored_kind)),
        );
    }
    let title = edit
        .title
        .as_deref()
        .and_then(|title| violations.check("title", document::title(title)));
    let issuer = edit
        .issuer
        .as_deref()
        .and_then(|issuer| violations.check("issuer", document::issuer(issuer)));
    if edit
        .issued_on
        .flatten()
        .is_some_and(|date| !sotay_domain::member::plausible(date))
    {
        violations.add("issued_on", sotay_domain::member::out_of_range());
    }
    let summary = edit.summary.map(|summary| {
        optional_text(
            &mut violations,
            "summary",
            summary.as_deref(),
            document::MAX_SUMMARY_LEN,
        )
    });
    let text = edit.body.map(|text| {
        optional_text(
            &mut violations,
            "body",
            text.as_deref(),
            document::MAX_BODY_LEN,
        )
    });
    let structure = match edit.structure {
        None => None,
        Some(draft) => {
            let previous =
                stored::structure_of(before.structure.as_deref()).map_err(ApiError::internal)?;
            resolved_structure(draft, &previous, &mut violations)
        }
    };
    if !violations.is_empty() {
        return Err(ApiError::validation(violations.into_inner()));
    }
    let new_code = code.as_ref().map(|code| code.as_str().to_owned());
    let search = document::search_text(
        new_code.as_deref().unwrap_or(&before.code),
        title.as_deref().unwrap_or(&before.title),
        issuer.as_deref().unwrap_or(&before.issuer),
        match &summary {
            Some(summary) => summary.as_deref(),
            None => before.summary.as_deref(),
        },
    );
    Ok(DocumentChanges {
        kind: edit.kind.map(|kind| kind.as_str().to_owned()),
        code: new_code,
        issuer,
        issued_on: edit.issued_on,
        title,
        summary,
        body: text,
        structure,
        search_text: Some(search),
        ..DocumentChanges::default()
    })
}
