//! Publishing a document to organisations, and archiving it.

use chrono::NaiveDate;
use sotay_domain::Invalid;
use sotay_domain::document::{self, DocumentStatus, Refusal};
use sotay_persistence::documents::{self, DocumentChanges, TargetRow};
use sotay_persistence::{DbConnection, clock};

use super::{
    DocumentView, Visible, managed_document, refused, snapshot_version, view_for, visible_document,
};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::notifications::events::{self, DocumentNamed};
use crate::app::orgs::referenced_org;
use crate::error::ApiError;

/// Where and on what terms a document is published.
pub struct Publication {
    pub org_ids: Vec<String>,
    pub required: bool,
    pub due_on: Option<NaiveDate>,
}

/// Publishes a document to organisations the caller manages, inside the owner's subtree. A
/// draft becomes published (version 1 is kept from then on); publishing again to an
/// organisation changes its terms.
pub fn publish(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    publication: Publication,
    request_id: &str,
) -> Result<DocumentView, ApiError> {
    if publication.org_ids.is_empty() || publication.org_ids.len() > 100 {
        return Err(ApiError::invalid(
            "org_ids",
            Invalid::new(
                "count",
                "Chọn từ 1 đến 100 tổ chức.",
                "Choose 1 to 100 organisations.",
            ),
        ));
    }
    if publication
        .due_on
        .is_some_and(|date| !sotay_domain::member::plausible(date))
    {
        return Err(ApiError::invalid(
            "due_on",
            sotay_domain::member::out_of_range(),
        ));
    }
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let visible = managed_document(connection, caller, id)?;
        let lifecycle = visible.lifecycle();
        lifecycle.publishable().map_err(refused)?;
        let now = clock::now();
        let mut reached = Vec::with_capacity(publication.org_ids.len());
        for (index, org_id) in publication.org_ids.iter().enumerate() {
            let field = format!("org_ids[{index}]");
            let (org, path) = referenced_org(connection, caller, &field, org_id)?;
            if !caller.can_manage(&path) {
                return Err(ApiError::Forbidden);
            }
            // A document reaches no further than the organisation that owns it: a ward's
            // resolution is for the ward, whoever else could publish it.
            lifecycle
                .publish_to(&visible.owner, &path)
                .map_err(|refusal| match refusal {
                    Refusal::OutsideOwner => ApiError::invalid(&field, outside_owner()),
                    other => refused(other),
                })?;
            documents::upsert_target(
                connection,
                &TargetRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    document_id: visible.row.id,
                    org_id: org.id,
                    required: publication.required,
                    due_on: publication.due_on,
                    published_by: Some(actor.to_owned()),
                    published_at: now,
                },
            )?;
            reached.push(path);
        }
        // Every publication changes what readers are asked: phones syncing by
        // `updated_since`, and ETags, see it.
        let first = lifecycle.first_publication();
        documents::update(
            connection,
            visible.row.id,
            &DocumentChanges {
                updated_at: Some(now),
                status: first.then(|| DocumentStatus::Published.as_str().to_owned()),
                published_at: first.then_some(Some(now)),
                list_key: first.then(|| document::list_key(now, visible.row.id)),
                ..DocumentChanges::default()
            },
        )?;
        if first {
            snapshot_version(connection, visible.row.id, Some(actor))?;
        }
        events::document_published(
            connection,
            &DocumentNamed {
                id: visible.row.id,
                code: &visible.row.code,
                title: &visible.row.title,
                version: visible.row.version,
            },
            &reached,
            now,
        )?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "document.published",
                object_type: "document",
                object_id: &visible.row.id,
                org_id: Some(&visible.row.org_id),
                before: Some(serde_json::json!({"status": visible.row.status.as_str()})),
                after: Some(serde_json::json!({"org_ids": publication.org_ids, "required": publication.required, "due_on": publication.due_on})),
                request_id: Some(request_id),
            },
        )?;
        let visible = visible_document(connection, caller, id)?;
        view_for(connection, caller, visible)
    })
}

/// Archives a document: it stays readable with its history, but is asked of no one and not
/// changed again. Archiving an archived document changes nothing.
pub fn archive(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    request_id: &str,
) -> Result<DocumentView, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let visible: Visible = managed_document(connection, caller, id)?;
        let Some(archived) = visible.lifecycle().archive() else {
            return view_for(connection, caller, visible);
        };
        documents::update(
            connection,
            visible.row.id,
            &DocumentChanges {
                status: Some(archived.as_str().to_owned()),
                updated_at: Some(clock::now()),
                ..DocumentChanges::default()
            },
        )?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "document.archived",
                object_type: "document",
                object_id: &visible.row.id,
                org_id: Some(&visible.row.org_id),
                before: Some(serde_json::json!({"status": visible.row.status.as_str()})),
                after: Some(serde_json::json!({"status": "archived"})),
                request_id: Some(request_id),
            },
        )?;
        let visible = visible_document(connection, caller, id)?;
        view_for(connection, caller, visible)
    })
}

fn outside_owner() -> Invalid {
    Invalid::new(
        "outside_owner",
        "Chỉ ban hành trong phạm vi tổ chức sở hữu văn bản.",
        "A document is published only within the organisation that owns it.",
    )
}
