//! Request and response bodies of the attachment endpoints.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::attachment::{self, FileKind};
use sotay_persistence::attachments::AttachmentRow;
use sotay_persistence::stored::VersionFile;
use utoipa::ToSchema;

use crate::dto::utc;
use crate::error::ApiError;

/// The media type of an attachment, recognised from its content.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub enum AttachmentMediaType {
    #[serde(rename = "application/pdf")]
    Pdf,
    #[serde(rename = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    Docx,
    #[serde(rename = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    Xlsx,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/jpeg")]
    Jpeg,
}

/// A file attached to a document, without its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(format = Uuid)]
    pub document_id: String,
    /// As uploaded, without folders; its extension agrees with the content.
    #[schema(max_length = 255, example = "Nghị quyết Đại hội.pdf")]
    pub file_name: String,
    pub content_type: AttachmentMediaType,
    #[schema(minimum = 1, maximum = 52428800, value_type = u64)]
    pub size_bytes: i64,
    /// Hex SHA-256 of the content; the download's `ETag` is this, quoted.
    #[schema(min_length = 64, max_length = 64, pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
    #[schema(format = Uuid)]
    pub uploaded_by: Option<String>,
    pub uploaded_at: DateTime<Utc>,
}

impl From<FileKind> for AttachmentMediaType {
    fn from(kind: FileKind) -> Self {
        match kind {
            FileKind::Pdf => AttachmentMediaType::Pdf,
            FileKind::Docx => AttachmentMediaType::Docx,
            FileKind::Xlsx => AttachmentMediaType::Xlsx,
            FileKind::Png => AttachmentMediaType::Png,
            FileKind::Jpeg => AttachmentMediaType::Jpeg,
        }
    }
}

impl TryFrom<AttachmentRow> for AttachmentResponse {
    type Error = ApiError;

    fn try_from(row: AttachmentRow) -> Result<Self, ApiError> {
        let kind = FileKind::from_media_type(&row.content_type)
            .ok_or_else(|| ApiError::internal("an attachment of an unknown media type"))?;
        Ok(AttachmentResponse {
            id: row.id.to_string(),
            document_id: row.document_id.to_string(),
            file_name: row.file_name,
            content_type: kind.into(),
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            uploaded_by: row.uploaded_by,
            uploaded_at: utc(row.uploaded_at),
        })
    }
}

/// A file a published version carried, as the version keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FileOfVersion {
    /// The attachment's id; it downloads while the file is still attached.
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(max_length = 255)]
    pub file_name: String,
    pub content_type: AttachmentMediaType,
    #[schema(minimum = 1, maximum = 52428800, value_type = u64)]
    pub size_bytes: i64,
    #[schema(min_length = 64, max_length = 64, pattern = "^[0-9a-f]{64}$")]
    pub sha256: String,
}

impl From<AttachmentResponse> for FileOfVersion {
    fn from(file: AttachmentResponse) -> Self {
        FileOfVersion {
            id: file.id,
            file_name: file.file_name,
            content_type: file.content_type,
            size_bytes: file.size_bytes,
            sha256: file.sha256,
        }
    }
}

impl From<VersionFile> for FileOfVersion {
    fn from(file: VersionFile) -> Self {
        FileOfVersion {
            id: file.id,
            file_name: file.file_name,
            content_type: file.kind.into(),
            size_bytes: file.size_bytes,
            sha256: file.sha256,
        }
    }
}

/// A document's attachments, in upload order.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentList {
    #[schema(max_items = 20)]
    pub items: Vec<AttachmentResponse>,
}

/// The upload form, as the document describes it. Describes the body only; it has no values.
pub enum AttachmentUpload {}

impl utoipa::PartialSchema for AttachmentUpload {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .property(
                "file",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                    .max_length(Some(attachment::MAX_MAX_BYTES))
                    .description(Some(
                        "The file, with its name in the part's `filename`. PDF, DOCX, XLSX, PNG \
                         or JPEG, recognised by content; at most the server's \
                         `SOTAY_ATTACHMENT_MAX_BYTES` (20 MiB unless configured).",
                    )),
            )
            .required("file")
            .into()
    }
}

impl ToSchema for AttachmentUpload {}

/// A downloaded file. Describes the body only; it has no values.
pub enum BinaryFile {}

impl utoipa::PartialSchema for BinaryFile {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .max_length(Some(attachment::MAX_MAX_BYTES))
            .into()
    }
}

impl ToSchema for BinaryFile {}
