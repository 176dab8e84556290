//! `GET/POST /documents`, `GET/PATCH /documents/{id}`, `POST /documents/{id}/publish`,
//! `POST /documents/{id}/acknowledge`: the resolution library.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;
use sotay_domain::document::{
    self, DocumentAccess, DocumentCode, DocumentKind, DocumentStatus, Structure, multi_line,
};
use sotay_domain::org::OrgPath;
use sotay_domain::text::fold_for_search;
use sotay_domain::validation::Violations;
use sotay_domain::{Invalid, access};
use sotay_persistence::documents::{
    self, DocumentChanges, DocumentFilter, DocumentRow, NewDocument, Reach, ReadRow, TargetRow,
    VersionRow,
};
use sotay_persistence::{DbConnection, clock, orgs};
use utoipa::IntoParams;

use crate::audit_trail::{self, Event};
use crate::auth::Caller;
use crate::blocking::with_connection;
use crate::error::ApiError;
use crate::pagination::{Page, PageQuery};
use crate::problem::Problem;
use crate::request_context::RequestId;
use crate::routes::document_dto::{
    AcknowledgeRequest, CreateDocumentRequest, DistributionResponse, DocumentKindName,
    DocumentResponse, DocumentStatusName, ForCaller, PublishRequest, StructureBody,
    UpdateDocumentRequest,
};
use crate::routes::orgs::referenced_org;
use crate::startup::AppState;

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

/// A document the caller may see, with what they may do and where it was published.
pub(crate) struct Visible {
    pub row: DocumentRow,
    pub access: DocumentAccess,
    /// The owning organisation's path.
    pub owner: OrgPath,
    pub targets: Vec<(TargetRow, OrgPath)>,
}

/// The document with `id`, if the caller may see it; 404 otherwise, whichever the reason.
pub(crate) fn visible_document(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    if id.parse::<uuid::Uuid>().is_err() {
        return Err(ApiError::NotFound);
    }
    let row = documents::find(connection, id)?.ok_or(ApiError::NotFound)?;
    let owner = orgs::find(connection, &row.org_id)?
        .and_then(|org| OrgPath::parse(&org.path))
        .ok_or_else(|| ApiError::internal("document without an organisation"))?;
    let targets: Vec<(TargetRow, OrgPath)> = documents::targets(connection, &row.id)?
        .into_iter()
        .filter_map(|(target, path)| OrgPath::parse(&path).map(|path| (target, path)))
        .collect();
    let status = DocumentStatus::parse(&row.status).map_err(ApiError::internal_invalid)?;
    let paths: Vec<OrgPath> = targets.iter().map(|(_, path)| path.clone()).collect();
    let access = document::access(caller, &owner, status, &paths);
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
pub(crate) fn managed_document(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    if id.parse::<uuid::Uuid>().is_ok() {
        documents::lock(connection, id)?;
    }
    let visible = visible_document(connection, caller, id)?;
    if visible.access != DocumentAccess::Manage {
        return Err(ApiError::Forbidden);
    }
    Ok(visible)
}

/// Keeps the document's current content and files as its version row: on first publication,
/// and for every new version of a published document.
pub(crate) fn snapshot_version(
    connection: &mut DbConnection,
    document_id: &str,
    actor: Option<&str>,
) -> Result<(), ApiError> {
    let current = documents::find(connection, document_id)?.ok_or(ApiError::NotFound)?;
    let files = crate::routes::attachments::files_of_version(connection, document_id)?;
    documents::insert_version(
        connection,
        &VersionRow::of(
            &current,
            uuid::Uuid::now_v7().to_string(),
            actor.map(str::to_owned),
            Some(files),
        ),
    )?;
    Ok(())
}

/// Whether the caller's own cells lie under a publication, and the strongest terms of those
/// that reach them. Only a published document is asked of anyone: a draft or an archived one
/// is required of no one.
fn terms_for(
    caller: &access::Caller,
    status: &str,
    targets: &[(TargetRow, OrgPath)],
) -> (bool, Option<NaiveDate>) {
    if status != DocumentStatus::Published.as_str() {
        return (false, None);
    }
    let reaching = targets.iter().filter(|(_, path)| {
        path.contains(&caller.home)
            || caller
                .attached
                .as_ref()
                .is_some_and(|attached| path.contains(attached))
    });
    let mut required = false;
    let mut due_on: Option<NaiveDate> = None;
    for (target, _) in reaching.filter(|(target, _)| target.required) {
        required = true;
        due_on = match (due_on, target.due_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    (required, due_on)
}

fn for_caller(
    connection: &mut DbConnection,
    caller: &access::Caller,
    visible: &Visible,
) -> Result<ForCaller, ApiError> {
    let (required, due_on) = terms_for(caller, &visible.row.status, &visible.targets);
    let read = documents::read_of(
        connection,
        &visible.row.id,
        &caller.member_id.to_string(),
        visible.row.version,
    )?;
    Ok(ForCaller {
        required,
        due_on,
        opened: read.is_some(),
        acknowledged: read.is_some_and(|read| read.acknowledged_at.is_some()),
    })
}

pub(crate) fn respond(
    connection: &mut DbConnection,
    caller: &access::Caller,
    visible: Visible,
) -> Result<DocumentResponse, ApiError> {
    let terms = for_caller(connection, caller, &visible)?;
    let distribution = (visible.access == DocumentAccess::Manage).then(|| {
        visible
            .targets
            .iter()
            .map(|(target, _)| DistributionResponse {
                org_id: target.org_id.clone(),
                required: target.required,
                due_on: target.due_on,
                published_at: crate::dto::utc(target.published_at),
            })
            .collect()
    });
    let mut response = DocumentResponse::new(visible.row, terms, true);
    response.distribution = distribution;
    Ok(response)
}

pub(crate) fn too_many_versions() -> ApiError {
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

fn code_taken() -> ApiError {
    ApiError::conflict(
        "code_taken",
        "Tổ chức này đã có văn bản mang số hiệu này.",
        "This organisation already has a document with this code.",
    )
}

/// The structure as stored JSON, checked against (and keeping the ids of) `previous`.
fn resolved_structure(
    body: Option<StructureBody>,
    previous: &Structure,
    violations: &mut Violations,
) -> Option<Option<String>> {
    let Some(body) = body else {
        return Some(None);
    };
    match body.into_draft().resolve(previous) {
        Ok(structure) => serde_json::to_string(&StructureBody::from_structure(&structure))
            .ok()
            .map(Some),
        Err(problems) => {
            for (at, invalid) in problems {
                violations.add(&format!("structure.{at}"), invalid);
            }
            None
        }
    }
}

fn optional_text(
    violations: &mut Violations,
    field: &str,
    raw: Option<&str>,
    max: usize,
) -> Option<String> {
    raw.and_then(|raw| violations.check(field, multi_line(raw, max)).flatten())
}

/// Documents I may read, and those I manage.
///
/// Members see what was published to an organisation holding their cell (or the cell they are
/// temporarily attached to); managers also see every document of their subtrees, drafts
/// included. Lists leave out `body` and `structure`.
#[utoipa::path(
    tag = "documents",
    operation_id = "list_documents",
    security(("bearer" = [])),
    params(DocumentListQuery, PageQuery),
    responses(
        (status = 200, description = "One page, newest first: by first publication, a draft by its creation", body = Page<DocumentResponse>),
    )
)]
#[get("/documents")]
pub async fn list_documents(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DocumentListQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<DocumentResponse>>, ApiError> {
    let page = page.checked()?;
    let query = query.into_inner();
    if query.q.as_deref().is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::invalid("q", Invalid::too_long(100)));
    }
    // Nothing stored holds control characters: such a search finds nothing.
    if query
        .q
        .as_deref()
        .is_some_and(sotay_domain::text::has_control)
    {
        return Ok(web::Json(Page {
            items: Vec::new(),
            next_cursor: None,
        }));
    }
    let caller = caller.0.caller;
    let after = page.after_text();
    let fetch_limit = page.fetch_limit();
    let rows = with_connection(&state.pool, move |connection| {
        let reach = Reach::of(&caller);
        let member_id = caller.member_id.to_string();
        let words: Vec<String> = query
            .q
            .as_deref()
            .map(fold_for_search)
            .unwrap_or_default()
            .split_whitespace()
            .map(|word| word.replace(['%', '_', '\\'], ""))
            .filter(|word| !word.is_empty())
            .collect();
        // "Unread" and "required" mean waiting to be read: published documents only.
        let status = if query.unread || query.required {
            Some(DocumentStatus::Published.as_str())
        } else {
            query.status.map(DocumentStatusName::as_str)
        };
        let filter = DocumentFilter {
            kind: query.kind.map(DocumentKindName::as_str),
            status,
            words,
            updated_since: query.updated_since.map(|at| at.naive_utc()),
            unread_by: query.unread.then_some(member_id.as_str()),
            required_through: query.required.then(|| reach.reader_org_ids.clone()),
            unacknowledged_by: None,
        };
        let rows = documents::list(connection, &reach, &filter, after.as_deref(), fetch_limit)?;
        // The query already applied the reading rule; the caller's terms and reads for the
        // whole page take two more queries, not a few per row.
        let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
        let mut targets: HashMap<String, Vec<(TargetRow, OrgPath)>> = HashMap::new();
        for (target, path) in documents::targets_of_many(connection, &ids)? {
            if let Some(path) = OrgPath::parse(&path) {
                targets
                    .entry(target.document_id.clone())
                    .or_default()
                    .push((target, path));
            }
        }
        let reads = documents::reads_of_member(connection, &member_id, &ids)?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let of_row = targets.get(&row.id).map(Vec::as_slice).unwrap_or_default();
                let (required, due_on) = terms_for(&caller, &row.status, of_row);
                let read = reads
                    .iter()
                    .find(|read| read.document_id == row.id && read.version == row.version);
                let terms = ForCaller {
                    required,
                    due_on,
                    opened: read.is_some(),
                    acknowledged: read.is_some_and(|read| read.acknowledged_at.is_some()),
                };
                (row, terms)
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(web::Json(page.page(
        rows,
        |(row, _)| row.list_key.clone(),
        |(row, terms)| DocumentResponse::new(row, terms, false),
    )))
}

/// Create a draft document.
///
/// In an organisation the caller manages. Drafts are seen by the managers of that
/// organisation only, until published.
#[utoipa::path(
    tag = "documents",
    operation_id = "create_document",
    security(("bearer" = [])),
    request_body = CreateDocumentRequest,
    responses(
        (status = 201, description = "Created, as a draft", body = DocumentResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new document's URL")),
            links(
                ("get_document" = (operation_id = "get_document", parameters(("id" = "$response.body#/id")))),
                ("update_document" = (operation_id = "update_document", parameters(("id" = "$response.body#/id")))),
                ("publish_document" = (operation_id = "publish_document", parameters(("id" = "$response.body#/id")))),
                ("acknowledge_document" = (operation_id = "acknowledge_document", parameters(("id" = "$response.body#/id")))),
                ("list_document_versions" = (operation_id = "list_document_versions", parameters(("id" = "$response.body#/id")))),
                ("archive_document" = (operation_id = "archive_document", parameters(("id" = "$response.body#/id")))),
                ("list_attachments" = (operation_id = "list_attachments", parameters(("id" = "$response.body#/id")))),
                ("upload_attachment" = (operation_id = "upload_attachment", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "The caller does not manage the organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation already has a document with this code (`code_taken`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents")]
pub async fn create_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    body: web::Json<CreateDocumentRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut violations = Violations::new();
    let kind = DocumentKind::parse(body.kind.as_str()).map_err(ApiError::internal_invalid)?;
    let code = violations.check("code", DocumentCode::parse(&body.code));
    if let Some(code) = &code {
        violations.check("code", code.check_kind(kind));
    }
    let title = violations.check("title", document::title(&body.title));
    let issuer = violations.check("issuer", document::issuer(&body.issuer));
    if body
        .issued_on
        .is_some_and(|date| !sotay_domain::member::plausible(date))
    {
        violations.add("issued_on", sotay_domain::member::out_of_range());
    }
    let summary = optional_text(
        &mut violations,
        "summary",
        body.summary.as_deref(),
        document::MAX_SUMMARY_LEN,
    );
    let text = optional_text(
        &mut violations,
        "body",
        body.body.as_deref(),
        document::MAX_BODY_LEN,
    );
    let structure = resolved_structure(body.structure, &Structure::default(), &mut violations);
    let (Some(code), Some(title), Some(issuer), Some(structure)) = (code, title, issuer, structure)
    else {
        return Err(ApiError::validation(violations.into_inner()));
    };
    if !violations.is_empty() {
        return Err(ApiError::validation(violations.into_inner()));
    }
    let actor = caller.0.member.id.clone();
    let caller = caller.0.caller;
    let response = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let (org, path) = referenced_org(connection, &caller, "org_id", &body.org_id)?;
            if !caller.can_manage(&path) {
                return Err(ApiError::Forbidden);
            }
            if documents::code_taken(connection, &org.id, code.as_str(), None)? {
                return Err(code_taken());
            }
            let id = uuid::Uuid::now_v7().to_string();
            let now = clock::now();
            documents::insert(
                connection,
                &NewDocument {
                    id: &id,
                    org_id: &org.id,
                    kind: kind.as_str(),
                    code: code.as_str(),
                    issuer: &issuer,
                    issued_on: body.issued_on,
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
                    created_by: Some(&actor),
                    created_at: now,
                    updated_at: now,
                    list_key: &document::list_key(now, &id),
                },
            )
            .map_err(|error| ApiError::unique_or(error, code_taken))?;
            audit_trail::record(
                connection,
                Event {
                    actor_id: Some(&actor),
                    action: "document.created",
                    object_type: "document",
                    object_id: &id,
                    org_id: Some(&org.id),
                    before: None,
                    after: Some(serde_json::json!({"code": code.as_str(), "title": title})),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            let visible = visible_document(connection, &caller, &id)?;
            respond(connection, &caller, visible)
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/documents/{}", response.id),
        ))
        .json(response))
}

/// Whether an `If-None-Match` header (`sent`) names `tag` (or is `*`): the client's copy is
/// current. The comparison is weak, as RFC 9110 (13.1.2) wants: a proxy may have marked the
/// tag `W/`.
pub(crate) fn if_none_match(sent: Option<&str>, tag: &str) -> bool {
    let opaque = |candidate: &str| candidate.trim_start_matches("W/").to_owned();
    sent.is_some_and(|sent| {
        sent.split(',')
            .map(str::trim)
            .any(|candidate| candidate == "*" || opaque(candidate) == opaque(tag))
    })
}

/// The ETag of a document as the caller sees it: changes with every edit and with the
/// caller's own reading of it.
fn etag(response: &DocumentResponse) -> String {
    format!(
        "\"{}-{}-{}{}\"",
        response.version,
        response.updated_at.timestamp_micros(),
        u8::from(response.opened),
        u8::from(response.acknowledged)
    )
}

/// Read a document.
///
/// The first open of each version is recorded (read receipt). Answers `304` to a matching
/// `If-None-Match`.
#[utoipa::path(
    tag = "documents",
    operation_id = "get_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    responses(
        (status = 200, description = "The document, with its body and structure", body = DocumentResponse,
            headers(("ETag" = crate::dto::EntityTag, description = "Send back as `If-None-Match`"))),
        (status = 304, description = "Not changed since the ETag sent"),
    )
)]
#[get("/documents/{id:[0-9a-fA-F-]+}")]
pub async fn get_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let caller = caller.0.caller;
    let response = with_connection(&state.pool, move |connection| {
        // Most reads are re-reads: answer those without SQLite's write lock, and take it only
        // for the first open of a version.
        let seen = connection.read_transaction(|connection| {
            let visible = visible_document(connection, &caller, &id)?;
            let receipt_due = visible.row.status != DocumentStatus::Draft.as_str()
                && documents::read_of(
                    connection,
                    &visible.row.id,
                    &caller.member_id.to_string(),
                    visible.row.version,
                )?
                .is_none();
            if receipt_due {
                return Ok(None);
            }
            respond(connection, &caller, visible).map(Some)
        })?;
        if let Some(response) = seen {
            return Ok(response);
        }
        connection.write_transaction(|connection| {
            let visible = visible_document(connection, &caller, &id)?;
            if visible.row.status != DocumentStatus::Draft.as_str() {
                documents::record_open(
                    connection,
                    &ReadRow {
                        id: uuid::Uuid::now_v7().to_string(),
                        document_id: visible.row.id.clone(),
                        member_id: caller.member_id.to_string(),
                        version: visible.row.version,
                        opened_at: clock::now(),
                        acknowledged_at: None,
                    },
                )?;
            }
            respond(connection, &caller, visible)
        })
    })
    .await?;
    let tag = etag(&response);
    let sent = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok());
    if if_none_match(sent, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .json(response))
}

/// Edit a document.
///
/// A draft changes in place. A published document gets a new version: the previous one stays
/// readable, and readers are asked to open and acknowledge the new one. Archived documents are
/// not edited (`409 archived`).
#[utoipa::path(
    tag = "documents",
    operation_id = "update_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    request_body = UpdateDocumentRequest,
    responses(
        (status = 200, description = "The document as it now is", body = DocumentResponse),
        (status = 403, description = "The caller only reads it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived (`archived`), the code is taken (`code_taken`), or the document has 200 versions (`too_many_versions`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/documents/{id:[0-9a-fA-F-]+}")]
pub async fn update_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: web::Json<UpdateDocumentRequest>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let body = body.into_inner();
    let actor = caller.0.member.id.clone();
    let caller = caller.0.caller;
    let response = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let visible = managed_document(connection, &caller, &id)?;
            let before = visible.row;
            let status = DocumentStatus::parse(&before.status).map_err(ApiError::internal_invalid)?;
            if status == DocumentStatus::Archived {
                return Err(ApiError::conflict(
                    "archived",
                    "Văn bản đã lưu trữ không được sửa.",
                    "An archived document is not edited.",
                ));
            }
            let changes = checked_changes(body, &before)?;
            if !changes_anything(&changes, &before) {
                // Nothing to change: no new version, and readers are not asked again.
                let visible = visible_document(connection, &caller, &before.id)?;
                return respond(connection, &caller, visible);
            }
            if let Some(code) = &changes.code
                && documents::code_taken(connection, &before.org_id, code, Some(&before.id))?
            {
                return Err(code_taken());
            }
            let new_version = status == DocumentStatus::Published;
            if new_version && before.version >= document::MAX_VERSIONS {
                return Err(too_many_versions());
            }
            let now = clock::now();
            let changes = DocumentChanges {
                version: new_version.then_some(before.version + 1),
                updated_at: Some(now),
                ..changes
            };
            documents::update(connection, &before.id, &changes)
                .map_err(|error| ApiError::unique_or(error, code_taken))?;
            if new_version {
                snapshot_version(connection, &before.id, Some(&actor))?;
            }
            let after = documents::find(connection, &before.id)?.ok_or(ApiError::NotFound)?;
            audit_trail::record(
                connection,
                Event {
                    actor_id: Some(&actor),
                    action: if new_version { "document.versioned" } else { "document.updated" },
                    object_type: "document",
                    object_id: &before.id,
                    org_id: Some(&before.org_id),
                    before: Some(serde_json::json!({"version": before.version, "title": before.title, "code": before.code})),
                    after: Some(serde_json::json!({"version": after.version, "title": after.title, "code": after.code})),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            let visible = visible_document(connection, &caller, &before.id)?;
            respond(connection, &caller, visible)
        })
    })
    .await?;
    Ok(web::Json(response))
}

/// Whether applying `changes` would alter anything of `before` (the search text follows the
/// other fields, and the timestamps are set by the caller).
fn changes_anything(changes: &DocumentChanges, before: &DocumentRow) -> bool {
    let differs = |new: &Option<String>, old: &str| new.as_deref().is_some_and(|new| new != old);
    let differs_opt = |new: &Option<Option<String>>, old: &Option<String>| {
        new.as_ref().is_some_and(|new| new != old)
    };
    differs(&changes.kind, &before.kind)
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

/// The checked changes of a PATCH body, search text included.
fn checked_changes(
    body: UpdateDocumentRequest,
    before: &DocumentRow,
) -> Result<DocumentChanges, ApiError> {
    let mut violations = Violations::new();
    let kind = body
        .kind
        .map(|kind| DocumentKind::parse(kind.as_str()).map_err(ApiError::internal_invalid))
        .transpose()?;
    let code = body
        .code
        .as_deref()
        .and_then(|code| violations.check("code", DocumentCode::parse(code)));
    let stored_kind = DocumentKind::parse(&before.kind).map_err(ApiError::internal_invalid)?;
    let effective_code = match &code {
        Some(code) => Some(code.clone()),
        None => DocumentCode::parse(&before.code).ok(),
    };
    if let Some(effective_code) = &effective_code {
        violations.check(
            "code",
            effective_code.check_kind(kind.unwrap_or(stored_kind)),
        );
    }
    let title = body
        .title
        .as_deref()
        .and_then(|title| violations.check("title", document::title(title)));
    let issuer = body
        .issuer
        .as_deref()
        .and_then(|issuer| violations.check("issuer", document::issuer(issuer)));
    if body
        .issued_on
        .flatten()
        .is_some_and(|date| !sotay_domain::member::plausible(date))
    {
        violations.add("issued_on", sotay_domain::member::out_of_range());
    }
    let summary = body.summary.map(|summary| {
        optional_text(
            &mut violations,
            "summary",
            summary.as_deref(),
            document::MAX_SUMMARY_LEN,
        )
    });
    let text = body.body.map(|text| {
        optional_text(
            &mut violations,
            "body",
            text.as_deref(),
            document::MAX_BODY_LEN,
        )
    });
    let previous = StructureBody::stored(before.structure.as_deref());
    let structure = match body.structure {
        None => None,
        Some(structure) => resolved_structure(structure, &previous, &mut violations),
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
        kind: kind.map(|kind| kind.as_str().to_owned()),
        code: new_code,
        issuer,
        issued_on: body.issued_on,
        title,
        summary,
        body: text,
        structure,
        search_text: Some(search),
        ..DocumentChanges::default()
    })
}

/// Publish a document to organisations.
///
/// To organisations the caller manages; the document reaches everyone in their subtrees.
/// Publishing again to an organisation changes its `required` and `due_on`. A draft becomes
/// published (version 1 is kept from then on).
#[utoipa::path(
    tag = "documents",
    operation_id = "publish_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    request_body = PublishRequest,
    responses(
        (status = 200, description = "The document, published", body = DocumentResponse),
        (status = 403, description = "The caller does not manage the document or an organisation (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Archived (`archived`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents/{id:[0-9a-fA-F-]+}/publish")]
pub async fn publish_document(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: web::Json<PublishRequest>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let body = body.into_inner();
    if body.org_ids.is_empty() || body.org_ids.len() > 100 {
        return Err(ApiError::invalid(
            "org_ids",
            Invalid::new(
                "count",
                "Chọn từ 1 đến 100 tổ chức.",
                "Choose 1 to 100 organisations.",
            ),
        ));
    }
    if body
        .due_on
        .is_some_and(|date| !sotay_domain::member::plausible(date))
    {
        return Err(ApiError::invalid(
            "due_on",
            sotay_domain::member::out_of_range(),
        ));
    }
    let actor = caller.0.member.id.clone();
    let caller = caller.0.caller;
    let response = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let visible = managed_document(connection, &caller, &id)?;
            let owner = visible.owner;
            let row = visible.row;
            if row.status == DocumentStatus::Archived.as_str() {
                return Err(ApiError::conflict(
                    "archived",
                    "Văn bản đã lưu trữ không được ban hành lại.",
                    "An archived document is not published again.",
                ));
            }
            let now = clock::now();
            for (index, org_id) in body.org_ids.iter().enumerate() {
                let field = format!("org_ids[{index}]");
                let (org, path) = referenced_org(connection, &caller, &field, org_id)?;
                if !caller.can_manage(&path) {
                    return Err(ApiError::Forbidden);
                }
                // A document reaches no further than the organisation that owns it: a ward's
                // resolution is for the ward, whoever else could publish it.
                if !owner.contains(&path) {
                    return Err(ApiError::invalid(
                        &field,
                        Invalid::new(
                            "outside_owner",
                            "Chỉ ban hành trong phạm vi tổ chức sở hữu văn bản.",
                            "A document is published only within the organisation that owns it.",
                        ),
                    ));
                }
                documents::upsert_target(
                    connection,
                    &TargetRow {
                        id: uuid::Uuid::now_v7().to_string(),
                        document_id: row.id.clone(),
                        org_id: org.id,
                        required: body.required,
                        due_on: body.due_on,
                        published_by: Some(actor.clone()),
                        published_at: now,
                    },
                )?;
            }
            // Every publication changes what readers are asked: phones syncing by
            // `updated_since`, and ETags, see it.
            documents::update(
                connection,
                &row.id,
                &DocumentChanges {
                    updated_at: Some(now),
                    ..DocumentChanges::default()
                },
            )?;
            if row.status == DocumentStatus::Draft.as_str() {
                documents::update(
                    connection,
                    &row.id,
                    &DocumentChanges {
                        status: Some(DocumentStatus::Published.as_str().to_owned()),
                        published_at: Some(Some(now)),
                        list_key: Some(document::list_key(now, &row.id)),
                        ..DocumentChanges::default()
                    },
                )?;
                snapshot_version(connection, &row.id, Some(&actor))?;
            }
            audit_trail::record(
                connection,
                Event {
                    actor_id: Some(&actor),
                    action: "document.published",
                    object_type: "document",
                    object_id: &row.id,
                    org_id: Some(&row.org_id),
                    before: Some(serde_json::json!({"status": row.status})),
                    after: Some(serde_json::json!({"org_ids": body.org_ids, "required": body.required, "due_on": body.due_on})),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            let visible = visible_document(connection, &caller, &row.id)?;
            respond(connection, &caller, visible)
        })
    })
    .await?;
    Ok(web::Json(response))
}

/// Acknowledge a document: "I have studied this version".
///
/// Only after opening that version (`GET /documents/{id}`); a new version asks again.
#[utoipa::path(
    tag = "documents",
    operation_id = "acknowledge_document",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The document's id")),
    request_body = AcknowledgeRequest,
    responses(
        (status = 200, description = "Acknowledged (again, harmlessly, if it already was)", body = DocumentResponse),
        (status = 409, description = "The version was not opened first (`not_opened`), or is not the current one (`stale_version`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/documents/{id:[0-9a-fA-F-]+}/acknowledge")]
pub async fn acknowledge_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<AcknowledgeRequest>,
) -> Result<web::Json<DocumentResponse>, ApiError> {
    let body = body.into_inner();
    let caller = caller.0.caller;
    let response = with_connection(&state.pool, move |connection| {
        connection.write_transaction(|connection| {
            let visible = visible_document(connection, &caller, &id)?;
            let row = &visible.row;
            if row.status == DocumentStatus::Draft.as_str() {
                return Err(ApiError::NotFound);
            }
            if body.version.is_some_and(|version| version != row.version) {
                return Err(ApiError::conflict(
                    "stale_version",
                    "Văn bản đã có phiên bản mới; hãy đọc phiên bản mới rồi xác nhận.",
                    "There is a newer version; read it, then acknowledge.",
                ));
            }
            let member_id = caller.member_id.to_string();
            let read = documents::read_of(connection, &row.id, &member_id, row.version)?
                .ok_or_else(|| {
                    ApiError::conflict(
                        "not_opened",
                        "Hãy mở văn bản trước khi xác nhận đã học tập.",
                        "Open the document before acknowledging it.",
                    )
                })?;
            // The read row is the record (who, which version, when): no audit event for it.
            documents::acknowledge(connection, &read.id, clock::now())?;
            respond(connection, &caller, visible)
        })
    })
    .await?;
    Ok(web::Json(response))
}
