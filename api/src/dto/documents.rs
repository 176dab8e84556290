//! Request and response bodies of the documents endpoints: a document and its structure as
//! the API shows them. The structure's stored form is `sotay_persistence::stored`'s.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::document::{Item, ItemDraft, Structure, StructureDraft, TargetDraft};
use sotay_persistence::documents::DocumentRow;
use utoipa::ToSchema;

use crate::app::documents::{DocumentView, ReaderTerms};
use crate::dto::{nullable, utc};

/// A document kind.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKindName {
    Resolution,
    Directive,
    Regulation,
    Guidance,
    Conclusion,
    Plan,
    Notice,
    Other,
}

impl DocumentKindName {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKindName::Resolution => "resolution",
            DocumentKindName::Directive => "directive",
            DocumentKindName::Regulation => "regulation",
            DocumentKindName::Guidance => "guidance",
            DocumentKindName::Conclusion => "conclusion",
            DocumentKindName::Plan => "plan",
            DocumentKindName::Notice => "notice",
            DocumentKindName::Other => "other",
        }
    }
}

/// Where a document is in its life.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatusName {
    Draft,
    Published,
    Archived,
}

impl DocumentStatusName {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentStatusName::Draft => "draft",
            DocumentStatusName::Published => "published",
            DocumentStatusName::Archived => "archived",
        }
    }
}

/// A key target (chỉ tiêu). When editing a document, send an existing target's `id` to keep
/// it (and what refers to it) and leave it out to add one; a new document's targets have none.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TargetBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub id: Option<uuid::Uuid>,
    #[schema(min_length = 1, max_length = 2000, example = "Tỷ lệ hộ nghèo đa chiều")]
    pub name: String,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 50, example = "%")]
    pub unit: Option<String>,
    #[serde(default)]
    #[schema(example = 1.2, minimum = -1e15, maximum = 1e15)]
    pub baseline: Option<f64>,
    #[serde(default)]
    #[schema(example = 0.0, minimum = -1e15, maximum = 1e15)]
    pub target_value: Option<f64>,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// A key program (chương trình trọng điểm) or breakthrough (khâu đột phá). `id` as for
/// targets: an existing item's to keep it, none for a new one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ItemBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub id: Option<uuid::Uuid>,
    #[schema(min_length = 1, max_length = 2000)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: Option<String>,
}

/// What a resolution sets out to do. Every item keeps its `id` across edits.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct StructureBody {
    #[serde(default)]
    #[schema(max_items = 50, value_type = Vec<crate::dto::ObjectiveText>)]
    pub objectives: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub targets: Vec<TargetBody>,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub programs: Vec<ItemBody>,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub breakthroughs: Vec<ItemBody>,
}

impl StructureBody {
    pub fn into_draft(self) -> StructureDraft {
        let item = |body: ItemBody| ItemDraft {
            id: body.id,
            title: body.title,
            description: body.description,
        };
        StructureDraft {
            objectives: self.objectives,
            targets: self
                .targets
                .into_iter()
                .map(|body| TargetDraft {
                    id: body.id,
                    name: body.name,
                    unit: body.unit,
                    baseline: body.baseline,
                    target_value: body.target_value,
                    deadline: body.deadline,
                })
                .collect(),
            programs: self.programs.into_iter().map(item).collect(),
            breakthroughs: self.breakthroughs.into_iter().map(item).collect(),
        }
    }

    pub fn from_structure(structure: &Structure) -> Self {
        let item = |item: &Item| ItemBody {
            id: Some(item.id),
            title: item.title.clone(),
            description: item.description.clone(),
        };
        StructureBody {
            objectives: structure.objectives.clone(),
            targets: structure
                .targets
                .iter()
                .map(|target| TargetBody {
                    id: Some(target.id),
                    name: target.name.clone(),
                    unit: target.unit.clone(),
                    baseline: target.baseline,
                    target_value: target.target_value,
                    deadline: target.deadline,
                })
                .collect(),
            programs: structure.programs.iter().map(item).collect(),
            breakthroughs: structure.breakthroughs.iter().map(item).collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "org_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21", "kind": "directive", "code": "50-CT/TW",
    "title": "Chỉ thị về đổi mới, nâng cao chất lượng sinh hoạt chi bộ",
    "issuer": "Ban Chấp hành Trung ương", "issued_on": "2025-07-15",
    "summary": "Nâng cao chất lượng sinh hoạt chi bộ trong tình hình mới."
}))]
pub struct CreateDocumentRequest {
    /// The organisation that owns the document: its managers edit and publish it.
    #[schema(format = Uuid)]
    pub org_id: String,
    pub kind: DocumentKindName,
    /// Số hiệu, e.g. `50-CT/TW`: number, the kind's abbreviation, `/`, the issuer's.
    #[schema(min_length = 1, max_length = 40, example = "50-CT/TW")]
    pub code: String,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    #[schema(min_length = 1, max_length = 200)]
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    #[schema(max_length = 5000)]
    pub summary: Option<String>,
    /// The full text, in Markdown.
    #[schema(max_length = 80000)]
    pub body: Option<String>,
    pub structure: Option<StructureBody>,
}

/// Fields to change; absent fields stay. `null` clears `issued_on`, `summary`, `body` and
/// `structure`; for the others (which cannot be empty) it is the same as absent. Editing a
/// published document makes a new version: the old one stays readable, and readers are asked
/// again.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"summary": "Tóm tắt đã sửa."}))]
pub struct UpdateDocumentRequest {
    pub kind: Option<DocumentKindName>,
    #[schema(min_length = 1, max_length = 40)]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 500)]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub issuer: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub issued_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 5000)]
    pub summary: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 80000)]
    pub body: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<StructureBody>)]
    pub structure: Option<Option<StructureBody>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"org_ids": ["01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21"], "required": true, "due_on": "2025-12-15"}))]
pub struct PublishRequest {
    /// Organisations the caller manages; the document reaches their whole subtrees.
    #[schema(min_items = 1, max_items = 100, value_type = Vec<uuid::Uuid>)]
    pub org_ids: Vec<String>,
    /// Members must read and acknowledge it.
    #[serde(default)]
    pub required: bool,
    pub due_on: Option<NaiveDate>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"version": 1}))]
pub struct AcknowledgeRequest {
    /// The version the member studied; the current one when absent. A stale version is
    /// refused (`stale_version`). `3` and `3.0` are the same number.
    #[serde(default, deserialize_with = "crate::dto::whole_number")]
    #[schema(minimum = 1, maximum = 200)]
    pub version: Option<i32>,
}

/// Where a document was published.
#[derive(Debug, Serialize, ToSchema)]
pub struct DistributionResponse {
    #[schema(format = Uuid)]
    pub org_id: String,
    pub required: bool,
    pub due_on: Option<NaiveDate>,
    pub published_at: DateTime<Utc>,
}

/// A document. Lists leave out `body` and `structure`; `GET /documents/{id}` has them.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentResponse {
    #[schema(format = Uuid)]
    pub id: String,
    /// The owning organisation.
    #[schema(format = Uuid)]
    pub org_id: String,
    #[schema(value_type = DocumentKindName)]
    pub kind: String,
    #[schema(max_length = 40, example = "50-CT/TW")]
    pub code: String,
    #[schema(max_length = 500)]
    pub title: String,
    #[schema(max_length = 200)]
    pub issuer: String,
    pub issued_on: Option<NaiveDate>,
    #[schema(max_length = 5000)]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 80000)]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub structure: Option<StructureBody>,
    #[schema(value_type = DocumentStatusName)]
    pub status: String,
    /// Raised by every change of a published document: an edit of its text or structure, a
    /// file added or removed.
    #[schema(minimum = 1, maximum = 200)]
    pub version: i32,
    /// Whether the caller must read and acknowledge it.
    pub required: bool,
    /// By when, if `required`: the earliest due date of the publications that reach the caller.
    pub due_on: Option<NaiveDate>,
    /// Whether the caller has opened the current version.
    pub opened: bool,
    /// Whether the caller has acknowledged ("I have studied this") the current version; only
    /// a version the caller opened can be acknowledged, and a new version asks again.
    pub acknowledged: bool,
    /// Where it was published; present for its managers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 100)]
    pub distribution: Option<Vec<DistributionResponse>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

impl DocumentResponse {
    /// A document as a list shows it: without body, structure or distribution.
    pub fn listed(row: DocumentRow, terms: ReaderTerms) -> Self {
        Self::new(row, terms, None)
    }

    /// A document whole as a reader gets it, without its distribution: what a phone's sync
    /// keeps.
    pub fn for_reader(row: DocumentRow, terms: ReaderTerms, structure: &Structure) -> Self {
        Self::new(row, terms, Some(structure))
    }

    /// A document whole, as `GET /documents/{id}` and every change answer it.
    pub fn whole(view: DocumentView) -> Self {
        let mut response = Self::new(view.row, view.terms, Some(&view.structure));
        response.distribution = view.distribution.map(|targets| {
            targets
                .into_iter()
                .map(|target| DistributionResponse {
                    org_id: target.org_id.to_string(),
                    required: target.required,
                    due_on: target.due_on,
                    published_at: utc(target.published_at),
                })
                .collect()
        });
        response
    }

    fn new(row: DocumentRow, terms: ReaderTerms, whole: Option<&Structure>) -> Self {
        let DocumentRow {
            id,
            org_id,
            kind,
            code,
            issuer,
            issued_on,
            title,
            summary,
            body,
            structure: _,
            search_text: _,
            status,
            version,
            created_by: _,
            created_at,
            updated_at,
            published_at,
            list_key: _,
        } = row;
        DocumentResponse {
            id: id.to_string(),
            org_id: org_id.to_string(),
            kind: kind.as_str().to_owned(),
            code,
            title,
            issuer,
            issued_on,
            summary,
            body: if whole.is_some() { body } else { None },
            structure: whole.map(StructureBody::from_structure),
            status: status.as_str().to_owned(),
            version,
            required: terms.required,
            due_on: terms.due_on,
            opened: terms.opened,
            acknowledged: terms.acknowledged,
            distribution: None,
            created_at: utc(created_at),
            updated_at: utc(updated_at),
            published_at: published_at.map(utc),
        }
    }
}

/// A document named by what refers to it (the resolution a campaign studies or a plan carries
/// out): its id, code and title.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentRefResponse {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(max_length = 40)]
    pub code: String,
    #[schema(max_length = 500)]
    pub title: String,
}

impl From<&sotay_persistence::documents::DocumentRow> for DocumentRefResponse {
    fn from(document: &sotay_persistence::documents::DocumentRow) -> Self {
        DocumentRefResponse {
            id: document.id.to_string(),
            code: document.code.clone(),
            title: document.title.clone(),
        }
    }
}
