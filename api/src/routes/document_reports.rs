//! `GET /documents/{id}/versions[/{version}]`, `POST /documents/{id}/archive` and
//! `GET /documents/{id}/readership`: a document's history, its end, and who has read it.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sotay_domain::access::Visibility;
use sotay_domain::document::DocumentStatus;
use sotay_domain::org::OrgPath;
use sotay_persistence::documents::{self, DocumentChanges, VersionRow};
use sotay_persistence::members::MemberRow;
use sotay_persistence::{clock, orgs};
use utoipa::{IntoParams, ToSchema};

use crate::audit_trail::{self, Event};
use crate::auth::Caller;
use crate::blocking::with_connection;
use crate::dto::utc;
use crate::error::ApiError;
use crate::problem::Problem;
use crate::request_context::RequestId;
use crate::routes::attachment_dto::FileOfVersion;
use crate::routes::document_dto::{DocumentKindName, DocumentResponse, StructureBody};
use crate::routes::documents::{managed_document, respond, visible_document};
use crate::routes::orgs::referenced_org;
use crate::startup::AppState;

/// How many not-yet-acknowledged readers a JSON report names; the CSV names them all.
const MAX_PENDING_LISTED: i64 = 1_000;
const UTF8_BOM: &str = "\u{feff}";

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
    fn new(row: VersionRow, full: bool) -> Self {
        VersionResponse {
            version: row.version,
            kind: row.kind,
            code: row.code,
            title: row.title,
            issuer: row.issuer,
            issued_on: row.issued_on,
            summary: row.summary,
            body: if full { row.body } else { None },
            structure: full.then(|| {
                StructureBody::from_structure(&StructureBody::stored(row.structure.as_deref()))
            }),
            // Kept by this server, so it parses; a version from before files has none.
            attachments: full.then(|| {
                row.attachments
                    .as_deref()
                    .and_then(|files| serde_json::from_str(files).ok())
                    .unwrap_or_default()
            }),
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

/// The versions of a document.
///
/// Every published version, oldest first, without bodies; anyone who may read the document
/// may read its history.
#[utoipa::path(
    tag = "documents",
    operation_id = "list_document_versions",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    responses((status = 200, description = "The versions", body = VersionList))
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/versions")]
pub async fn list_versions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<VersionList>, ApiError> {
    let caller = caller.0.caller;
    let rows = with_connection(&state.pool, move |connection| {
        let visible = visible_document(connection, &caller, &id)?;
        Ok(documents::versions(connection, &visible.row.id)?)
    })
    .await?;
    Ok(web::Json(VersionList {
        items: rows
            .into_iter()
            .map(|row| VersionResponse::new(row, false))
            .collect(),
    }))
}

/// One version of a document, as it was published.
///
/// Reading an old version records nothing: read receipts belong to the current one.
#[utoipa::path(
    tag = "documents",
    operation_id = "get_document_version",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The document's id"),
        ("version" = i32, Path, minimum = 1, maximum = 200, description = "The version number"),
    ),
    responses((status = 200, description = "That version", body = VersionResponse))
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/versions/{version:[0-9]+}")]
pub async fn get_version(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<VersionResponse>, ApiError> {
    let (id, number) = path.into_inner();
    let caller = caller.0.caller;
    let row = with_connection(&state.pool, move |connection| {
        let visible = visible_document(connection, &caller, &id)?;
        documents::version(connection, &visible.row.id, number)?.ok_or(ApiError::NotFound)
    })
    .await?;
    Ok(web::Json(VersionResponse::new(row, true)))
}

/// Archive a document.
///
/// It stays readable, with its history and read receipts, but is no longer asked of anyone
/// and is not edited or published again. Managers of the document only.
#[utoipa::path(
    tag = "documents",
    operation_id = "archive_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    responses(
        (status = 200, description = "Archived (or already was)", body = DocumentResponse),
        (status = 403, description = "The caller only reads it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents/{id:[0-9a-fA-F-]+}/archive")]
pub async fn archive_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let actor = caller.0.member.id.clone();
    let caller = caller.0.caller;
    let response = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let visible = managed_document(connection, &caller, &id)?;
            let row = &visible.row;
            if row.status != DocumentStatus::Archived.as_str() {
                documents::update(
                    connection,
                    &row.id,
                    &DocumentChanges {
                        status: Some(DocumentStatus::Archived.as_str().to_owned()),
                        updated_at: Some(clock::now()),
                        ..DocumentChanges::default()
                    },
                )?;
                audit_trail::record(
                    connection,
                    Event {
                        actor_id: Some(&actor),
                        action: "document.archived",
                        object_type: "document",
                        object_id: &row.id,
                        org_id: Some(&row.org_id),
                        before: Some(serde_json::json!({"status": row.status})),
                        after: Some(serde_json::json!({"status": "archived"})),
                        request_id: Some(request_id.as_str()),
                    },
                )?;
            }
            let visible = visible_document(connection, &caller, &id)?;
            respond(connection, &caller, visible)
        })
    })
    .await?;
    Ok(web::Json(response))
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

/// An expected reader not done yet, as the report found them.
struct Pending {
    member: MemberRow,
    opened: bool,
    /// The cell they sit in inside the subtree.
    cell: String,
    /// Only when the caller may see it.
    phone: Option<String>,
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

/// Who has read a document.
///
/// For a subtree the caller manages: how many active members the document reaches (exempt
/// ones excluded, each person once), how many opened and acknowledged the current version,
/// and who has not acknowledged it. With `Accept: text/csv`, the not-yet list as an
/// Excel-ready CSV.
#[utoipa::path(
    tag = "documents",
    operation_id = "document_readership",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id"), ReadershipQuery),
    responses(
        (status = 200, description = "The report", body = ReadershipResponse,
            content(
                (ReadershipResponse = "application/json"),
                (crate::routes::member_import::CsvFile = "text/csv"),
            )),
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/documents/{id:[0-9a-fA-F-]+}/readership")]
pub async fn readership(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    query: web::Query<ReadershipQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let as_csv = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/csv"));
    let org_id = query.into_inner().org_id.to_string();
    let caller = caller.0.caller;
    let limit = if as_csv {
        i64::MAX
    } else {
        MAX_PENDING_LISTED + 1
    };
    let (report, mut pending, cells) = with_connection(&state.pool, move |connection| {
        let visible = visible_document(connection, &caller, &id)?;
        let (org, within) = referenced_org(connection, &caller, "org_id", &org_id)?;
        if !caller.can_manage(&within) {
            return Err(ApiError::Forbidden);
        }
        let targets: Vec<OrgPath> = visible
            .targets
            .iter()
            .map(|(_, path)| path.clone())
            .collect();
        let row = &visible.row;
        let counts = documents::readership(connection, &row.id, row.version, &within, &targets)?;
        let pending =
            documents::pending_readers(connection, &row.id, row.version, &within, &targets, limit)?;
        // Each member is reported at the cell where they sit inside the subtree: their own,
        // or the one they are attached to. A visitor's home cell may lie where the caller
        // cannot see.
        let pending: Vec<Pending> = pending
            .into_iter()
            .map(|(member, opened)| {
                let home_inside =
                    OrgPath::parse(&member.org_path).is_some_and(|path| within.contains(&path));
                let cell = match (&member.attached_org_id, home_inside) {
                    (Some(attached), false) => attached.clone(),
                    _ => member.org_id.clone(),
                };
                let phone = member
                    .phone
                    .clone()
                    .filter(|_| member.visibility_to(&caller) == Some(Visibility::Full));
                Pending {
                    member,
                    opened,
                    cell,
                    phone,
                }
            })
            .collect();
        let mut ids: Vec<String> = pending.iter().map(|p| p.cell.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut cells: HashMap<String, (String, String)> = HashMap::new();
        for org in orgs::find_many(connection, &ids)? {
            cells.insert(org.id, (org.code, org.name));
        }
        let report = ReadershipResponse {
            document_id: row.id.clone(),
            version: row.version,
            org_id: org.id,
            expected: counts.expected,
            opened: counts.opened,
            acknowledged: counts.acknowledged,
            pending: Vec::new(),
            pending_truncated: false,
        };
        Ok((report, pending, cells))
    })
    .await?;
    if as_csv {
        let mut writer = csv::Writer::from_writer(UTF8_BOM.as_bytes().to_vec());
        writer
            .write_record([
                "card_number",
                "full_name",
                "cell_code",
                "cell_name",
                "phone",
                "opened",
            ])
            .map_err(ApiError::internal)?;
        for reader in &pending {
            let (code, name) = cells.get(&reader.cell).cloned().unwrap_or_default();
            writer
                .write_record([
                    reader.member.card_number.as_str(),
                    reader.member.full_name.as_str(),
                    &code,
                    &name,
                    reader.phone.as_deref().unwrap_or_default(),
                    if reader.opened { "yes" } else { "no" },
                ])
                .map_err(ApiError::internal)?;
        }
        let bytes = writer.into_inner().map_err(ApiError::internal)?;
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"readership.csv\"",
            ))
            .body(bytes));
    }
    let truncated = pending.len() > MAX_PENDING_LISTED as usize;
    pending.truncate(MAX_PENDING_LISTED as usize);
    Ok(HttpResponse::Ok().json(ReadershipResponse {
        pending: pending
            .into_iter()
            .map(|reader| PendingReader {
                member_id: reader.member.id,
                full_name: reader.member.full_name,
                card_number: reader.member.card_number,
                org_name: cells
                    .get(&reader.cell)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_default(),
                org_id: reader.cell,
                phone: reader.phone,
                opened: reader.opened,
            })
            .collect(),
        pending_truncated: truncated,
        ..report
    }))
}
