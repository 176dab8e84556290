//! Planning a session: creating it, changing its details, and moving its state (closing it
//! writes the absences nobody recorded).

use sotay_domain::ids::{DocumentId, OrgId, SessionId};
use sotay_domain::notification::ObjectType;
use sotay_domain::org::OrgPath;
use sotay_domain::session::{
    self, CheckInSecret, LateAfter, OnlineUrl, Schedule, SessionKind, SessionMode, SessionState,
};
use sotay_persistence::notifications::withdrawals;
use sotay_persistence::sessions::{self, SessionRecord};
use sotay_persistence::{DbConnection, clock};

use super::{SessionView, Visible, refused, run_session, view_for, visible_session};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::notifications::events::{self, SessionNamed, SessionNews};
use crate::error::ApiError;

mod closing;
mod references;

use references::{Fresh, References, check_references};

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
        let references = check_references(connection, signed, &plan, Fresh::ALL)?;
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
        let fresh = Fresh {
            invited: changes.invited_org_ids.is_some(),
            documents: changes.document_ids.is_some(),
            makeup_of: matches!(changes.makeup_of, Some(Some(_))),
            chair: matches!(changes.chair_id, Some(Some(_))),
            minute_taker: matches!(changes.minute_taker_id, Some(Some(_))),
        };
        let references = check_references(connection, signed, &plan, fresh)?;
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
        tell_invited(connection, &stored, &visible.stored, &before, &record)?;
        if next_state == Some(SessionState::Closed) {
            closing::record_absences(connection, signed, &visible, request_id)?;
        }
        view_for(connection, &signed.member, visible)
    })
}

/// Tells the invited what changed for them: a session announced (or newly inviting them), moved
/// or called off. Organisations no longer invited are recorded, so their members' phones drop
/// the session at their next sync.
fn tell_invited(
    connection: &mut DbConnection,
    was: &sessions::LoadedSession,
    is: &sessions::LoadedSession,
    before: &SessionRecord,
    after: &SessionRecord,
) -> Result<(), ApiError> {
    let announced = |state| matches!(state, SessionState::Published | SessionState::Open);
    let paths = |loaded: &sessions::LoadedSession| -> Vec<OrgPath> {
        loaded.invited.iter().map(|org| org.path.clone()).collect()
    };
    let named = SessionNamed {
        id: after.id,
        title: &after.title,
        starts_at: after.starts_at,
    };
    let now = clock::now();
    if after.state == SessionState::Cancelled {
        if announced(before.state) {
            events::session(connection, &named, SessionNews::Cancelled, &paths(was), now)?;
        }
        return Ok(());
    }
    if !announced(after.state) {
        return Ok(());
    }
    // Being invited is told once per member, so telling the whole list again tells only
    // those newly invited.
    events::session(connection, &named, SessionNews::Invited, &paths(is), now)?;
    if !announced(before.state) {
        return Ok(());
    }
    let dropped: Vec<OrgId> = was
        .invited
        .iter()
        .filter(|old| !is.invited.iter().any(|new| new.id == old.id))
        .map(|old| old.id)
        .collect();
    withdrawals::record(
        connection,
        ObjectType::Session,
        &after.id.to_string(),
        &dropped,
        now,
    )?;
    let moved = before.starts_at != after.starts_at
        || before.ends_at != after.ends_at
        || before.location != after.location
        || before.mode != after.mode
        || before.online_url != after.online_url;
    if moved {
        events::session(connection, &named, SessionNews::Moved, &paths(is), now)?;
    }
    Ok(())
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
