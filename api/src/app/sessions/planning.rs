//! Planning a session: creating it, changing its details, and moving its state (closing it
//! writes the absences nobody recorded).

use sotay_domain::Invalid;
use sotay_domain::ids::{DocumentId, MemberId, OrgId, SessionId};
use sotay_domain::org::OrgPath;
use sotay_domain::session::{
    self, CheckInSecret, LateAfter, OnlineUrl, Schedule, SessionKind, SessionMode, SessionState,
};
use sotay_persistence::sessions::{self, SessionRecord};
use sotay_persistence::{DbConnection, clock};

use super::{SessionView, Visible, refused, run_session, view_for, visible_session};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::documents::visible_document;
use crate::app::members::visible_member;
use crate::app::orgs::referenced_org;
use crate::error::ApiError;

mod closing;

/// A session's details, parsed; the ids in it are checked against what the caller may see.
#[derive(Debug, Clone)]
pub struct Plan {
    pub kind: SessionKind,
    pub title: String,
    pub host_org_id: String,
    pub invited_org_ids: Vec<String>,
    pub schedule: Schedule,
    pub location: Option<String>,
    pub mode: SessionMode,
    pub online_url: Option<OnlineUrl>,
    pub document_ids: Vec<String>,
    pub makeup_of: Option<String>,
    pub chair_id: Option<String>,
    pub minute_taker_id: Option<String>,
    pub late_after: LateAfter,
}

/// What a change asks; `None` leaves a field as it is, `Some(None)` clears an optional one.
#[derive(Debug, Default)]
pub struct Changes {
    pub kind: Option<SessionKind>,
    pub title: Option<String>,
    pub invited_org_ids: Option<Vec<String>>,
    pub starts_at: Option<chrono::NaiveDateTime>,
    pub ends_at: Option<chrono::NaiveDateTime>,
    pub location: Option<Option<String>>,
    pub mode: Option<SessionMode>,
    pub online_url: Option<Option<OnlineUrl>>,
    pub document_ids: Option<Vec<String>>,
    pub makeup_of: Option<Option<String>>,
    pub chair_id: Option<Option<String>>,
    pub minute_taker_id: Option<Option<String>>,
    pub late_after: Option<LateAfter>,
    pub state: Option<SessionState>,
}

impl Changes {
    fn touch_details(&self) -> bool {
        self.kind.is_some()
            || self.title.is_some()
            || self.invited_org_ids.is_some()
            || self.starts_at.is_some()
            || self.ends_at.is_some()
            || self.location.is_some()
            || self.mode.is_some()
            || self.online_url.is_some()
            || self.document_ids.is_some()
            || self.makeup_of.is_some()
            || self.chair_id.is_some()
            || self.minute_taker_id.is_some()
            || self.late_after.is_some()
    }
}

/// The checked references of a plan.
struct References {
    host: (OrgId, OrgPath),
    invited: Vec<OrgId>,
    documents: Vec<DocumentId>,
    makeup_of: Option<SessionId>,
    chair: Option<MemberId>,
    minute_taker: Option<MemberId>,
}

/// Creates a session, as a draft, hosted by an organisation the caller manages.
pub fn create(
    connection: &mut DbConnection,
    signed: &Signed,
    plan: Plan,
    secret: CheckInSecret,
    request_id: &str,
) -> Result<SessionView, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let references = check_references(connection, signed, &plan)?;
        let now = clock::now();
        let id = SessionId::new();
        let record = SessionRecord {
            id,
            kind: plan.kind,
            title: plan.title.clone(),
            host_org_id: references.host.0,
            starts_at: plan.schedule.starts_at(),
            ends_at: plan.schedule.ends_at(),
            location: plan.location.clone(),
            mode: plan.mode,
            online_url: plan.online_url.as_ref().map(|url| url.as_str().to_owned()),
            chair_id: references.chair.map(String::from),
            minute_taker_id: references.minute_taker.map(String::from),
            makeup_of: references.makeup_of.map(String::from),
            state: SessionState::Draft,
            late_after_minutes: plan.late_after.as_minutes(),
            check_in_secret: secret.to_text(),
            created_by: Some(actor.to_owned()),
            created_at: now,
            updated_at: now,
            list_key: session::list_key(plan.schedule.starts_at(), id),
        };
        sessions::insert(connection, &record)?;
        sessions::set_invited(connection, record.id, &references.invited)?;
        sessions::set_materials(connection, record.id, &references.documents)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "session.created",
                object_type: "session",
                object_id: &record.id,
                org_id: Some(&record.host_org_id),
                before: None,
                after: Some(snapshot(&record, &references)),
                request_id: Some(request_id),
            },
        )?;
        let visible = visible_session(connection, caller, &record.id.to_string())?;
        view_for(connection, &signed.member, visible)
    })
}

/// Changes a session's details and moves its state. Details change until it is closed;
/// closing marks every expected member nobody accounted for as absent.
pub fn update(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    changes: Changes,
    request_id: &str,
) -> Result<SessionView, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let Visible {
            stored, session, ..
        } = run_session(connection, caller, id)?;
        let next_state = match changes.state {
            Some(state) => session.move_to(state).map_err(refused)?,
            None => None,
        };
        if changes.touch_details() {
            session.editable().map_err(refused)?;
        }
        let before = SessionRecord::from(stored.row.clone());
        let mut plan = merged(&stored, &changes)?;
        if changes.document_ids.is_none() {
            plan.document_ids = sessions::materials(connection, stored.row.id)?
                .into_iter()
                .map(|material| material.id.to_string())
                .collect();
        }
        let references = check_references(connection, signed, &plan)?;
        let mut record = before.clone();
        record.kind = plan.kind;
        record.title = plan.title.clone();
        record.starts_at = plan.schedule.starts_at();
        record.ends_at = plan.schedule.ends_at();
        record.location = plan.location.clone();
        record.mode = plan.mode;
        record.online_url = plan.online_url.as_ref().map(|url| url.as_str().to_owned());
        record.chair_id = references.chair.map(String::from);
        record.minute_taker_id = references.minute_taker.map(String::from);
        record.makeup_of = references.makeup_of.map(String::from);
        record.late_after_minutes = plan.late_after.as_minutes();
        if let Some(state) = next_state {
            record.state = state;
        }
        record.updated_at = clock::now();
        record.list_key = session::list_key(record.starts_at, record.id);
        sessions::update(connection, &record)?;
        if changes.invited_org_ids.is_some() {
            sessions::set_invited(connection, record.id, &references.invited)?;
        }
        if changes.document_ids.is_some() {
            sessions::set_materials(connection, record.id, &references.documents)?;
        }
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "session.updated",
                object_type: "session",
                object_id: &record.id,
                org_id: Some(&record.host_org_id),
                before: Some(snapshot(&before, &references)),
                after: Some(snapshot(&record, &references)),
                request_id: Some(request_id),
            },
        )?;
        let visible = visible_session(connection, caller, id)?;
        if next_state == Some(SessionState::Closed) {
            closing::record_absences(connection, signed, &visible, request_id)?;
        }
        view_for(connection, &signed.member, visible)
    })
}

/// The stored session with the changes applied, parsed again as a whole (an end moved before
/// the start is refused whichever of the two changed).
fn merged(stored: &sessions::LoadedSession, changes: &Changes) -> Result<Plan, ApiError> {
    let row = &stored.row;
    let starts_at = changes.starts_at.unwrap_or(row.starts_at);
    let ends_at = changes.ends_at.unwrap_or(row.ends_at);
    let schedule = Schedule::new(starts_at, ends_at)
        .map_err(|(field, invalid)| ApiError::invalid(field, invalid))?;
    let online_url = match &changes.online_url {
        Some(url) => url.clone(),
        None => row
            .online_url
            .as_deref()
            .map(OnlineUrl::parse)
            .transpose()
            .map_err(ApiError::internal_invalid)?,
    };
    Ok(Plan {
        kind: changes.kind.unwrap_or(row.kind),
        title: changes.title.clone().unwrap_or_else(|| row.title.clone()),
        host_org_id: row.host_org_id.to_string(),
        invited_org_ids: changes.invited_org_ids.clone().unwrap_or_else(|| {
            stored
                .invited
                .iter()
                .map(|org| org.id.to_string())
                .collect()
        }),
        schedule,
        location: changes
            .location
            .clone()
            .unwrap_or_else(|| row.location.clone()),
        mode: changes.mode.unwrap_or(row.mode),
        online_url,
        document_ids: changes.document_ids.clone().unwrap_or_default(),
        makeup_of: changes
            .makeup_of
            .clone()
            .unwrap_or_else(|| row.makeup_of.map(String::from)),
        chair_id: changes
            .chair_id
            .clone()
            .unwrap_or_else(|| row.chair_id.map(String::from)),
        minute_taker_id: changes
            .minute_taker_id
            .clone()
            .unwrap_or_else(|| row.minute_taker_id.map(String::from)),
        late_after: changes.late_after.unwrap_or(
            LateAfter::minutes(row.late_after_minutes).map_err(ApiError::internal_invalid)?,
        ),
    })
}

/// Checks every id a plan names: the host is managed by the caller, the invited lie in the
/// host's subtree, and the documents, the session made up for and the people named are ones
/// the caller may see. A reference the caller may not see is refused as one that does not
/// exist.
fn check_references(
    connection: &mut DbConnection,
    signed: &Signed,
    plan: &Plan,
) -> Result<References, ApiError> {
    let caller = &signed.caller;
    let (host, host_path) = referenced_org(connection, caller, "host_org_id", &plan.host_org_id)?;
    if !caller.can_manage(&host_path) {
        return Err(ApiError::Forbidden);
    }
    if plan.mode.needs_link() && plan.online_url.is_none() {
        return Err(ApiError::invalid("online_url", Invalid::required()));
    }
    count_between(
        "invited_org_ids",
        plan.invited_org_ids.len(),
        1,
        session::MAX_INVITED_ORGS,
    )?;
    count_between(
        "document_ids",
        plan.document_ids.len(),
        0,
        session::MAX_MATERIALS,
    )?;
    let mut invited = Vec::new();
    for (index, id) in plan.invited_org_ids.iter().enumerate() {
        let field = format!("invited_org_ids[{index}]");
        let (org, path) = referenced_org(connection, caller, &field, id)?;
        if !host_path.contains(&path) {
            return Err(ApiError::invalid(&field, outside_host()));
        }
        if !invited.contains(&org.id) {
            invited.push(org.id);
        }
    }
    let mut documents = Vec::new();
    for (index, id) in plan.document_ids.iter().enumerate() {
        let field = format!("document_ids[{index}]");
        let document = visible_document(connection, caller, id)
            .map_err(|error| not_found_as_invalid(error, &field))?;
        if !documents.contains(&document.row.id) {
            documents.push(document.row.id);
        }
    }
    let makeup_of = match &plan.makeup_of {
        None => None,
        Some(_) if plan.kind != SessionKind::Makeup => {
            return Err(ApiError::invalid("makeup_of", only_for_makeup()));
        }
        Some(id) => {
            let made_up = visible_session(connection, caller, id)
                .map_err(|error| not_found_as_invalid(error, "makeup_of"))?;
            Some(made_up.stored.row.id)
        }
    };
    let mut person = |field: &str, id: &Option<String>| -> Result<Option<MemberId>, ApiError> {
        id.as_deref()
            .map(|id| {
                visible_member(connection, caller, id)
                    .map(|(member, _)| member.id)
                    .map_err(|error| not_found_as_invalid(error, field))
            })
            .transpose()
    };
    let chair = person("chair_id", &plan.chair_id)?;
    let minute_taker = person("minute_taker_id", &plan.minute_taker_id)?;
    Ok(References {
        host: (host.id, host_path),
        invited,
        documents,
        makeup_of,
        chair,
        minute_taker,
    })
}

fn count_between(field: &str, count: usize, min: usize, max: usize) -> Result<(), ApiError> {
    if (min..=max).contains(&count) {
        return Ok(());
    }
    Err(ApiError::invalid(
        field,
        Invalid::new(
            "count",
            format!("Chọn từ {min} đến {max} mục."),
            format!("Choose {min} to {max} items."),
        ),
    ))
}

fn not_found_as_invalid(error: ApiError, field: &str) -> ApiError {
    match error {
        ApiError::NotFound => ApiError::invalid(
            field,
            Invalid::new("not_found", "Không tìm thấy.", "Not found."),
        ),
        other => other,
    }
}

fn outside_host() -> Invalid {
    Invalid::new(
        "outside_host",
        "Chỉ mời các tổ chức thuộc tổ chức chủ trì.",
        "Only organisations inside the host are invited.",
    )
}

fn only_for_makeup() -> Invalid {
    Invalid::new(
        "only_for_makeup",
        "Chỉ buổi học bù (makeup) mới ghi buổi được bù.",
        "Only a make-up session names the session it makes up for.",
    )
}

fn snapshot(record: &SessionRecord, references: &References) -> serde_json::Value {
    serde_json::json!({
        "kind": record.kind.as_str(),
        "title": record.title,
        "state": record.state.as_str(),
        "starts_at": record.starts_at,
        "ends_at": record.ends_at,
        "location": record.location,
        "mode": record.mode.as_str(),
        "invited_org_ids": references.invited.iter().map(OrgId::to_string).collect::<Vec<_>>(),
        "document_ids": references.documents.iter().map(DocumentId::to_string).collect::<Vec<_>>(),
    })
}
