//! Bodies and queries of the documents endpoints that no other resource shares: the list's
//! filters, versions and the readership report. The document itself is `crate::dto::documents`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::document::Structure;
use sotay_persistence::documents::VersionRow;
use sotay_persistence::stored::{self, VersionFile};
use utoipa::{IntoParams, ToSchema};

use crate::dto::attachments::FileOfVersion;
use crate::dto::documents::{DocumentKindName, DocumentStatusName, StructureBody};
use crate::dto::utc;
use crate::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentListQuery {
    /// Words to find in the code, title, issuer or summary; diacritics and case are ignored
    /// ("nghi quyet dai hoi" finds "Nghị quyết Đại hội").
    #[param(max_length = 100)]
    pub q: Option<String>,
    #[param(inline)]
    pub kind: Option<DocumentKindName>,
    /// Managers: only drafts, published or archived documents.
    #[param(inline)]
    pub status: Option<DocumentStatusName>,
    /// Only published documents whose current version the caller has not opened (`status`
    /// is then ignored).
    #[serde(default)]
    pub unread: bool,
    /// Only published documents required of the caller (through their own cell or the cell
    /// they are temporarily attached to); `status` is then ignored.
    #[serde(default)]
    pub required: bool,
    /// Only documents changed since then (for a phone's sync).
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
}

/// One published version of a document, as it was.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionResponse {
    #[schema(minimum = 1, maximum = 200)]
    pub version: i32,
    #[schema(value_type = DocumentKindName)]
    pub kind: String,
    #[schema(max_length = 40)]
    pub code: String,
    #[schema(max_length = 500)]
    pub title: String,
    #[schema(max_length = 200)]
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    #[schema(max_length = 5000)]
    pub summary: Option<String>,
    /// Absent in the list of versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 80000)]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structure: Option<StructureBody>,
    /// The files this version carried. Absent in the list of versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 20)]
    pub attachments: Option<Vec<FileOfVersion>>,
    /// When this version was made.
    pub created_at: DateTime<Utc>,
}

impl VersionResponse {
    /// A version as the list shows it: without body, structure or files.
    pub fn listed(row: VersionRow) -> Self {
        Self::new(row, None, None)
    }

    /// A version whole; an unreadable stored structure or file list is our error.
    pub fn whole(row: VersionRow) -> Result<Self, ApiError> {
        let structure =
            stored::structure_of(row.structure.as_deref()).map_err(ApiError::internal)?;
        let files = stored::files_of(row.attachments.as_deref()).map_err(ApiError::internal)?;
        Ok(Self::new(row, Some(&structure), Some(files)))
    }

    fn new(
        row: VersionRow,
        structure: Option<&Structure>,
        files: Option<Vec<VersionFile>>,
    ) -> Self {
        let full = structure.is_some();
        VersionResponse {
            version: row.version,
            kind: row.kind.as_str().to_owned(),
            code: row.code,
            title: row.title,
            issuer: row.issuer,
            issued_on: row.issued_on,
            summary: row.summary,
            body: if full { row.body } else { None },
            structure: structure.map(StructureBody::from_structure),
            attachments: files.map(|files| files.into_iter().map(FileOfVersion::from).collect()),
            created_at: utc(row.created_at),
        }
    }
}

/// A document's published versions, oldest first. Drafts have none yet.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionList {
    #[schema(max_items = 200)]
    pub items: Vec<VersionResponse>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadershipQuery {
    /// The subtree to report on: an organisation the caller manages.
    pub org_id: uuid::Uuid,
}

/// An expected reader who has not acknowledged the current version.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingReader {
    #[schema(format = Uuid)]
    pub member_id: String,
    #[schema(max_length = 100)]
    pub full_name: String,
    #[schema(max_length = 20)]
    pub card_number: String,
    /// The cell where the member sits inside the subtree: their own, or the one they are
    /// temporarily attached to.
    #[schema(format = Uuid)]
    pub org_id: String,
    /// That cell's name.
    #[schema(example = "Chi bộ Tổ dân phố 5", max_length = 200)]
    pub org_name: String,
    /// To call them about it: present when the caller manages one of the member's cells (the
    /// rule for every sensitive field), absent otherwise or when none is recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "0912345678", max_length = 10, pattern = "^0[1-9][0-9]{8}$")]
    pub phone: Option<String>,
    /// Opened the current version, but has not acknowledged it.
    pub opened: bool,
}

/// Who should read the current version in a subtree, and who has.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadershipResponse {
    #[schema(format = Uuid)]
    pub document_id: String,
    #[schema(minimum = 1, maximum = 200)]
    pub version: i32,
    #[schema(format = Uuid)]
    pub org_id: String,
    /// Active members of the subtree the document reaches, each once; exempt members are not
    /// counted.
    #[schema(minimum = 0, maximum = 10000000, value_type = u32)]
    pub expected: i64,
    #[schema(minimum = 0, maximum = 10000000, value_type = u32)]
    pub opened: i64,
    #[schema(minimum = 0, maximum = 10000000, value_type = u32)]
    pub acknowledged: i64,
    /// Those who have not acknowledged, by cell and name: the first 1,000 (the CSV has all).
    #[schema(max_items = 1000)]
    pub pending: Vec<PendingReader>,
    pub pending_truncated: bool,
}
