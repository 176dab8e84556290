//! The files a document carries (PDF, DOCX, XLSX, PNG, JPEG), kept in the database. Adding or
//! removing one is a change of the document: a published one gets a new version.

use sha2::{Digest, Sha256};
use sotay_domain::access;
use sotay_domain::attachment::{self, FileKind, FileName};
use sotay_domain::document::DocumentAccess;
use sotay_domain::ids::{AttachmentId, DocumentId};
use sotay_persistence::attachments::{self, AttachmentRow, NewAttachment};
use sotay_persistence::{DbConnection, clock};

use super::{Visible, managed_document, record_change, refuse_if_archived, visible_document};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::error::ApiError;

/// An uploaded file whose content was recognised (by its bytes) and whose name agrees.
pub struct CheckedFile {
    kind: FileKind,
    name: FileName,
    content: Vec<u8>,
    sha256: String,
}

impl CheckedFile {
    /// Recognises the content and checks the name against it. CPU work: call it off the
    /// actix workers, and without a connection held.
    pub fn check(file_name: &str, content: Vec<u8>) -> Result<CheckedFile, ApiError> {
        let kind = attachment::sniff(&content).map_err(|i| ApiError::invalid("file", i))?;
        let name = FileName::parse(file_name, kind).map_err(|i| ApiError::invalid("file", i))?;
        let sha256 = Sha256::digest(&content)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        Ok(CheckedFile {
            kind,
            name,
            content,
            sha256,
        })
    }
}

/// Every attachment of a document the caller may see, in upload order.
pub fn list(
    connection: &mut DbConnection,
    caller: &access::Caller,
    document_id: &str,
) -> Result<Vec<AttachmentRow>, ApiError> {
    connection.read_transaction(|connection| {
        let visible = visible_document(connection, caller, document_id)?;
        Ok(attachments::of_document(connection, visible.row.id)?)
    })
}

/// Whether the caller may add a file to the document: checked before a large upload is read.
pub fn may_attach(
    connection: &mut DbConnection,
    caller: &access::Caller,
    document_id: &str,
) -> Result<(), ApiError> {
    connection.read_transaction(|connection| {
        let visible = visible_document(connection, caller, document_id)?;
        if visible.access != DocumentAccess::Manage {
            return Err(ApiError::Forbidden);
        }
        refuse_if_archived(&visible)
    })
}

/// Adds `file` to the document (at most [`attachment::MAX_PER_DOCUMENT`]).
pub fn attach(
    connection: &mut DbConnection,
    signed: &Signed,
    document_id: &str,
    file: &CheckedFile,
    request_id: &str,
) -> Result<AttachmentRow, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let visible = managed_document(connection, caller, document_id)?;
        refuse_if_archived(&visible)?;
        let held = attachments::count_of_document(connection, visible.row.id)?;
        if usize::try_from(held).unwrap_or(usize::MAX) >= attachment::MAX_PER_DOCUMENT {
            return Err(ApiError::conflict(
                "too_many_attachments",
                "Văn bản đã có 20 tệp đính kèm.",
                "The document already has 20 attachments.",
            ));
        }
        stored(connection, &visible, file, actor, request_id)
    })
}

fn stored(
    connection: &mut DbConnection,
    visible: &Visible,
    file: &CheckedFile,
    actor: &str,
    request_id: &str,
) -> Result<AttachmentRow, ApiError> {
    let id = AttachmentId::new();
    let size_bytes = i64::try_from(file.content.len()).map_err(ApiError::internal)?;
    attachments::insert(
        connection,
        &NewAttachment {
            id: &id.to_string(),
            document_id: &visible.row.id.to_string(),
            file_name: file.name.as_str(),
            content_type: file.kind.media_type(),
            size_bytes,
            sha256: &file.sha256,
            content: &file.content,
            uploaded_by: Some(actor),
            uploaded_at: clock::now(),
        },
    )?;
    let version = record_change(connection, visible, actor)?;
    audit::record(
        connection,
        Event {
            actor_id: Some(actor),
            action: "document.attachment_added",
            object_type: "document",
            object_id: &visible.row.id,
            org_id: Some(&visible.row.org_id),
            before: None,
            after: Some(
                serde_json::json!({"attachment_id": id.to_string(), "file_name": file.name.as_str(),
                "content_type": file.kind.media_type(), "size_bytes": size_bytes,
                "sha256": file.sha256, "version": version}),
            ),
            request_id: Some(request_id),
        },
    )?;
    attachments::find(connection, visible.row.id, id)?.ok_or(ApiError::NotFound)
}

fn visible_attachment(
    connection: &mut DbConnection,
    document_id: DocumentId,
    attachment_id: &str,
) -> Result<AttachmentRow, ApiError> {
    let attachment_id = AttachmentId::from_text(attachment_id).ok_or(ApiError::NotFound)?;
    attachments::find(connection, document_id, attachment_id)?.ok_or(ApiError::NotFound)
}

/// An attachment and, unless `unchanged` says the caller's copy (by its SHA-256) is current,
/// its content.
pub fn download(
    connection: &mut DbConnection,
    caller: &access::Caller,
    document_id: &str,
    attachment_id: &str,
    unchanged: impl FnOnce(&str) -> bool,
) -> Result<(AttachmentRow, Option<Vec<u8>>), ApiError> {
    connection.read_transaction(|connection| {
        let visible = visible_document(connection, caller, document_id)?;
        let row = visible_attachment(connection, visible.row.id, attachment_id)?;
        if unchanged(&row.sha256) {
            return Ok((row, None));
        }
        let content = attachments::content(connection, row.id)?.ok_or(ApiError::NotFound)?;
        Ok((row, Some(content)))
    })
}

/// Removes a file from the document.
pub fn detach(
    connection: &mut DbConnection,
    signed: &Signed,
    document_id: &str,
    attachment_id: &str,
    request_id: &str,
) -> Result<(), ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let visible = managed_document(connection, caller, document_id)?;
        let row = visible_attachment(connection, visible.row.id, attachment_id)?;
        refuse_if_archived(&visible)?;
        attachments::delete(connection, row.id)?;
        let version = record_change(connection, &visible, actor)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "document.attachment_removed",
                object_type: "document",
                object_id: &visible.row.id,
                org_id: Some(&visible.row.org_id),
                before: Some(serde_json::json!({"attachment_id": row.id.to_string(),
                    "file_name": row.file_name, "size_bytes": row.size_bytes, "sha256": row.sha256})),
                after: Some(serde_json::json!({"version": version})),
                request_id: Some(request_id),
            },
        )?;
        Ok(())
    })
}
