//! Documents: who may see which, what each caller is asked of them, and every change to them.
//!
//! Every use case starts from [`visible_document`] (404 for a document the caller may not
//! see, whatever the reason) or [`managed_document`] (also 403 for one they only read).

pub mod attachments;
pub mod editing;
pub mod publication;
pub mod readership;
pub mod reading;

use chrono::NaiveDate;
use sotay_domain::Invalid;
use sotay_domain::access;
use sotay_domain::document::{
    self, Change, DocumentAccess, DocumentStatus, Lifecycle, Refusal, Structure,
};
use sotay_domain::ids::DocumentId;
use sotay_domain::org::OrgPath;
use sotay_persistence::documents::{
    self, DocumentChanges, DocumentRow, ReadRow, TargetRow, VersionRow,
};
use sotay_persistence::stored::{self, VersionFile};
use sotay_persistence::{DbConnection, attachments as stored_files, clock};

use crate::app::notifications;
use crate::error::ApiError;

/// A document the caller may see, with what they may do and where it was published.
pub struct Visible {
    pub row: DocumentRow,
    pub access: DocumentAccess,
    /// The owning organisation's path.
    pub owner: OrgPath,
    pub targets: Vec<(TargetRow, OrgPath)>,
}

/// What a caller is asked of a document, and what they have done with its current version.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReaderTerms {
    pub required: bool,
    pub due_on: Option<NaiveDate>,
    pub opened: bool,
    pub acknowledged: bool,
}

/// A document as one caller sees it, whole: what `GET /documents/{id}` and every write answer.
pub struct DocumentView {
    pub row: DocumentRow,
    pub terms: ReaderTerms,
    pub structure: Structure,
    /// Where it was published; for its managers only.
    pub distribution: Option<Vec<TargetRow>>,
}

/// The document with `id`, if the caller may see it; 404 otherwise, whichever the reason.
pub fn visible_document(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    let id = DocumentId::from_text(id).ok_or(ApiError::NotFound)?;
    let (row, owner) = documents::find_with_owner(connection, id)?.ok_or(ApiError::NotFound)?;
    seen_by(connection, caller, row, owner)
}

/// [`visible_document`], with the caller's read of its current version, on the same trip.
pub fn visible_with_read(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<(Visible, Option<ReadRow>), ApiError> {
    let id = DocumentId::from_text(id).ok_or(ApiError::NotFound)?;
    let (row, owner, read) =
        documents::find_for_reader(connection, id, caller.member_id)?.ok_or(ApiError::NotFound)?;
    Ok((seen_by(connection, caller, row, owner)?, read))
}

/// The document as the caller sees it, with its publications; 404 when they may not see it.
fn seen_by(
    connection: &mut DbConnection,
    caller: &access::Caller,
    row: DocumentRow,
    owner: OrgPath,
) -> Result<Visible, ApiError> {
    let targets: Vec<(TargetRow, OrgPath)> = documents::targets(connection, row.id)?;
    let paths: Vec<OrgPath> = targets.iter().map(|(_, path)| path.clone()).collect();
    let access = document::access(caller, &owner, row.status, &paths);
    if access == DocumentAccess::None {
        return Err(ApiError::NotFound);
    }
    Ok(Visible {
        row,
        access,
        owner,
        targets,
    })
}

/// A document the caller manages, for a write: the document's lock is taken first, so that
/// what is read is what the write will change. 404 when hidden, 403 when only readable.
pub fn managed_document(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    if let Some(id) = DocumentId::from_text(id) {
        documents::lock(connection, id)?;
    }
    let visible = visible_document(connection, caller, id)?;
    if visible.access != DocumentAccess::Manage {
        return Err(ApiError::Forbidden);
    }
    Ok(visible)
}

/// Whether the caller's own cells lie under a publication, and the strongest terms of those
/// that reach them. Only a published document is asked of anyone.
pub fn terms_of(
    caller: &access::Caller,
    status: DocumentStatus,
    targets: &[(TargetRow, OrgPath)],
    read: Option<&ReadRow>,
) -> ReaderTerms {
    let publications: Vec<(bool, Option<NaiveDate>, &OrgPath)> = targets
        .iter()
        .map(|(target, path)| (target.required, target.due_on, path))
        .collect();
    let (required, due_on) = document::required_of(caller, status, &publications);
    ReaderTerms {
        required,
        due_on,
        opened: read.is_some(),
        acknowledged: read.is_some_and(|read| read.acknowledged_at.is_some()),
    }
}

/// The whole document as the caller sees it, given their read of its current version.
pub fn view(
    caller: &access::Caller,
    visible: Visible,
    read: Option<&ReadRow>,
) -> Result<DocumentView, ApiError> {
    let terms = terms_of(caller, visible.row.status, &visible.targets, read);
    let structure =
        stored::structure_of(visible.row.structure.as_deref()).map_err(ApiError::internal)?;
    let distribution = (visible.access == DocumentAccess::Manage).then(|| {
        visible
            .targets
            .into_iter()
            .map(|(target, _)| target)
            .collect()
    });
    Ok(DocumentView {
        row: visible.row,
        terms,
        structure,
        distribution,
    })
}

/// [`view`], with the caller's read of the current version looked up.
pub fn view_for(
    connection: &mut DbConnection,
    caller: &access::Caller,
    visible: Visible,
) -> Result<DocumentView, ApiError> {
    let read = documents::read_of(
        connection,
        visible.row.id,
        caller.member_id,
        visible.row.version,
    )?;
    view(caller, visible, read.as_ref())
}

impl Visible {
    /// Where the document is in its life, for the rules of `document::Lifecycle`.
    pub fn lifecycle(&self) -> Lifecycle {
        Lifecycle {
            status: self.row.status,
            version: self.row.version,
        }
    }
}

/// A refusal of the document's lifecycle, as the API answers it.
pub fn refused(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::Archived => ApiError::conflict(
            "archived",
            "Văn bản đã lưu trữ không được sửa.",
            "An archived document is not edited.",
        ),
        Refusal::ArchivedNotRepublished => ApiError::conflict(
            "archived",
            "Văn bản đã lưu trữ không được ban hành lại.",
            "An archived document is not published again.",
        ),
        Refusal::TooManyVersions => too_many_versions(),
        Refusal::StaleVersion => ApiError::conflict(
            "stale_version",
            "Văn bản đã có phiên bản mới; hãy đọc phiên bản mới rồi xác nhận.",
            "There is a newer version; read it, then acknowledge.",
        ),
        Refusal::NotOpened => ApiError::conflict(
            "not_opened",
            "Hãy mở văn bản trước khi xác nhận đã học tập.",
            "Open the document before acknowledging it.",
        ),
        // A draft is no one's to read: as if it did not exist.
        Refusal::NotPublished => ApiError::NotFound,
        Refusal::OutsideOwner => ApiError::invalid(
            "org_ids",
            Invalid::new(
                "outside_owner",
                "Chỉ ban hành trong phạm vi tổ chức sở hữu văn bản.",
                "A document is published only within the organisation that owns it.",
            ),
        ),
    }
}

/// An archived document is not changed: not edited, and no file added or removed.
/// A resolution the caller may see, as a campaign studies it or a plan carries it out; a 422 on
/// `field` otherwise (one the caller may not see as one that does not exist). A draft is never
/// one; an archived one is when `archived_too` (last year's plan stays with its resolution).
pub fn resolution_named(
    connection: &mut DbConnection,
    caller: &access::Caller,
    field: &str,
    id: &str,
    archived_too: bool,
) -> Result<Visible, ApiError> {
    let document = visible_document(connection, caller, id)
        .map_err(|error| crate::app::checks::not_found_as_invalid(error, field))?;
    if document.row.kind != document::DocumentKind::Resolution {
        return Err(ApiError::invalid(
            field,
            Invalid::new(
                "not_a_resolution",
                "Phải là một nghị quyết.",
                "Must be a resolution.",
            ),
        ));
    }
    let in_force = match document.row.status {
        DocumentStatus::Published => true,
        DocumentStatus::Archived => archived_too,
        DocumentStatus::Draft => false,
    };
    if !in_force {
        return Err(ApiError::invalid(
            field,
            Invalid::new(
                "not_published",
                "Nghị quyết chưa ban hành (hoặc đã lưu trữ).",
                "The resolution is not published (or is archived).",
            ),
        ));
    }
    Ok(document)
}

pub fn refuse_if_archived(visible: &Visible) -> Result<(), ApiError> {
    visible.lifecycle().editable().map_err(refused)
}

/// Records that the document's content changed, as its lifecycle says: a draft is touched, a
/// published document gets a new version (kept as a version row). Returns the new version,
/// if one was made.
pub fn record_change(
    connection: &mut DbConnection,
    visible: &Visible,
    actor: &str,
) -> Result<Option<i32>, ApiError> {
    let version = match visible.lifecycle().change().map_err(refused)? {
        Change::InPlace => None,
        Change::NewVersion(version) => Some(version),
    };
    let changes = DocumentChanges {
        version,
        updated_at: Some(clock::now()),
        ..DocumentChanges::default()
    };
    documents::update(connection, visible.row.id, &changes)?;
    if let Some(version) = version {
        snapshot_version(connection, visible.row.id, Some(actor))?;
        ask_again(connection, visible.row.id, version)?;
    }
    Ok(version)
}

/// Tells the members who must study a document of its new version.
fn ask_again(
    connection: &mut DbConnection,
    document_id: DocumentId,
    version: i32,
) -> Result<(), ApiError> {
    let current = documents::find(connection, document_id)?.ok_or(ApiError::NotFound)?;
    let required: Vec<OrgPath> = documents::targets(connection, document_id)?
        .into_iter()
        .filter(|(target, _)| target.required)
        .map(|(_, path)| path)
        .collect();
    notifications::events::document_revised(
        connection,
        &notifications::events::DocumentNamed {
            id: document_id,
            code: &current.code,
            title: &current.title,
            version,
        },
        &required,
        clock::now(),
    )?;
    Ok(())
}

/// Keeps the document's current content and files as its version row: on first publication,
/// and for every new version of a published document.
pub fn snapshot_version(
    connection: &mut DbConnection,
    document_id: DocumentId,
    actor: Option<&str>,
) -> Result<(), ApiError> {
    let current = documents::find(connection, document_id)?.ok_or(ApiError::NotFound)?;
    let files = stored_files::of_document(connection, document_id)?
        .into_iter()
        .map(|row| {
            let kind = sotay_domain::attachment::FileKind::from_media_type(&row.content_type)
                .ok_or_else(|| ApiError::internal("an attachment of an unknown media type"))?;
            Ok(VersionFile {
                id: row.id.to_string(),
                file_name: row.file_name,
                kind,
                size_bytes: row.size_bytes,
                sha256: row.sha256,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    documents::insert_version(
        connection,
        &VersionRow::of(
            &current,
            uuid::Uuid::now_v7().to_string(),
            actor.map(str::to_owned),
            Some(stored::files_json(&files)),
        ),
    )?;
    Ok(())
}

pub fn too_many_versions() -> ApiError {
    ApiError::conflict(
        "too_many_versions",
        &format!(
            "Văn bản đã có {} phiên bản; hãy ban hành văn bản mới.",
            document::MAX_VERSIONS
        ),
        &format!(
            "The document has {} versions; issue a new document instead.",
            document::MAX_VERSIONS
        ),
    )
}
