//! A document's lifecycle: draft, published (each change a new version, up to
//! [`MAX_VERSIONS`]), archived (final). The use cases ask here what a change does, and store it.

use super::{DocumentStatus, MAX_VERSIONS};
use crate::org::OrgPath;

/// Where a document is in its life: what every rule below depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    pub status: DocumentStatus,
    pub version: i32,
}

/// Why the lifecycle refuses a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An archived document is not edited, and no file is added or removed.
    Archived,
    /// An archived document is not published again.
    ArchivedNotRepublished,
    /// A published document has [`MAX_VERSIONS`] versions: issue a new document instead.
    TooManyVersions,
    /// Acknowledging names a version that is no longer the current one.
    StaleVersion,
    /// Only a version the member opened can be acknowledged.
    NotOpened,
    /// A draft is asked of no one: there is nothing to acknowledge.
    NotPublished,
    /// A document reaches no further than the organisation that owns it.
    OutsideOwner,
}

/// What a change of content (an edit, a file added or removed) does to the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A draft changes in place.
    InPlace,
    /// A published document gets this version; the previous one is kept and readers are asked
    /// again.
    NewVersion(i32),
}

impl Lifecycle {
    /// Whether the content may change at all (checked before the change is even read).
    pub fn editable(self) -> Result<(), Refusal> {
        match self.status {
            DocumentStatus::Archived => Err(Refusal::Archived),
            DocumentStatus::Draft | DocumentStatus::Published => Ok(()),
        }
    }

    /// What a change of content does: in place for a draft, a new version once published.
    pub fn change(self) -> Result<Change, Refusal> {
        self.editable()?;
        match self.status {
            DocumentStatus::Published if self.version >= MAX_VERSIONS => {
                Err(Refusal::TooManyVersions)
            }
            DocumentStatus::Published => Ok(Change::NewVersion(self.version + 1)),
            DocumentStatus::Draft | DocumentStatus::Archived => Ok(Change::InPlace),
        }
    }

    /// Whether the document may be published at all (checked before its targets are read).
    pub fn publishable(self) -> Result<(), Refusal> {
        match self.status {
            DocumentStatus::Archived => Err(Refusal::ArchivedNotRepublished),
            DocumentStatus::Draft | DocumentStatus::Published => Ok(()),
        }
    }

    /// Whether the document may be published to `target`, owned as it is by `owner`.
    pub fn publish_to(self, owner: &OrgPath, target: &OrgPath) -> Result<(), Refusal> {
        self.publishable()?;
        if !owner.contains(target) {
            return Err(Refusal::OutsideOwner);
        }
        Ok(())
    }

    /// Whether a publication is the first: the draft becomes published, version 1 is kept.
    pub fn first_publication(self) -> bool {
        self.status == DocumentStatus::Draft
    }

    /// The status archiving leaves; `None` when it is archived already (nothing to do).
    pub fn archive(self) -> Option<DocumentStatus> {
        (self.status != DocumentStatus::Archived).then_some(DocumentStatus::Archived)
    }

    /// Whether an open by a member who has not opened the current version is recorded: a
    /// draft's opens are not (it is asked of no one).
    pub fn receipt_due(self, opened: bool) -> bool {
        self.status != DocumentStatus::Draft && !opened
    }

    /// Whether a member may acknowledge the current version: published or archived, the
    /// version they name (if any) is the current one, and they opened it.
    pub fn acknowledge(self, named_version: Option<i32>, opened: bool) -> Result<(), Refusal> {
        if self.status == DocumentStatus::Draft {
            return Err(Refusal::NotPublished);
        }
        if named_version.is_some_and(|version| version != self.version) {
            return Err(Refusal::StaleVersion);
        }
        if !opened {
            return Err(Refusal::NotOpened);
        }
        Ok(())
    }
}
