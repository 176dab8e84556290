//! Planning a campaign: creating it and changing what it studies, where and through which
//! sessions.

use chrono::NaiveDate;
use sotay_domain::Invalid;
use sotay_domain::campaign::{self, ReflectionRule};
use sotay_domain::ids::{CampaignId, DocumentId, OrgId, SessionId};
use sotay_domain::org::OrgPath;
use sotay_persistence::campaigns::{self as stored, CampaignRecord};
use sotay_persistence::{DbConnection, clock};

use super::{CampaignView, run_campaign, view_of, visible_campaign};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::checks::{count_between, not_found_as_invalid};
use crate::app::documents::resolution_named;
use crate::app::orgs::referenced_org;
use crate::app::sessions::visible_session;
use crate::error::ApiError;

/// A campaign's details, parsed; the ids in it are checked against what the caller may see.
#[derive(Debug, Clone)]
pub struct Plan {
    pub document_id: String,
    pub title: String,
    pub host_org_id: String,
    pub org_ids: Vec<String>,
    pub session_ids: Vec<String>,
    pub deadline: NaiveDate,
    pub target_percent: u8,
    pub reflection: ReflectionRule,
}

/// What a change asks; `None` leaves a field as it is. The document and the host make the
/// campaign what it is and do not change.
#[derive(Debug, Default)]
pub struct Changes {
    pub title: Option<String>,
    pub org_ids: Option<Vec<String>>,
    pub session_ids: Option<Vec<String>>,
    pub deadline: Option<NaiveDate>,
    pub target_percent: Option<u8>,
    pub reflection_required: Option<bool>,
    /// Whether a submitted reflection counts (`false`: only an accepted one).
    pub submitted_counts: Option<bool>,
}

/// Creates a campaign hosted by an organisation the caller manages.
pub fn create(
    connection: &mut DbConnection,
    signed: &Signed,
    plan: Plan,
    request_id: &str,
) -> Result<CampaignView, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let (host, host_path) =
            referenced_org(connection, caller, "host_org_id", &plan.host_org_id)?;
        if !caller.can_manage(&host_path) {
            return Err(ApiError::Forbidden);
        }
        let document = studied_document(connection, signed, &plan.document_id)?;
        let targets = check_targets(connection, signed, &host_path, &plan.org_ids)?;
        let sessions = check_sessions(connection, signed, &host_path, &plan.session_ids)?;
        let now = clock::now();
        let id = CampaignId::new();
        let record = CampaignRecord {
            id,
            document_id: document,
            title: plan.title,
            host_org_id: host.id,
            deadline: plan.deadline,
            target_percent: i32::from(plan.target_percent),
            reflection_rule: plan.reflection,
            created_by: Some(actor.to_owned()),
            created_at: now,
            updated_at: now,
            list_key: campaign::list_key(plan.deadline, id),
        };
        stored::insert(connection, &record)?;
        stored::set_targets(connection, id, &targets)?;
        stored::set_sessions(connection, id, &sessions)?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "campaign.created",
                object_type: "campaign",
                object_id: &id,
                org_id: Some(&record.host_org_id),
                before: None,
                after: Some(snapshot(&record, &targets, &sessions)),
                request_id: Some(request_id),
            },
        )?;
        let visible = visible_campaign(connection, caller, &id.to_string())?;
        view_of(connection, visible)
    })
}

/// Changes a campaign. Targets and sessions are checked when they change; those kept stay as
/// stored.
pub fn update(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    changes: Changes,
    request_id: &str,
) -> Result<CampaignView, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let visible = run_campaign(connection, caller, id)?;
        let stored_targets: Vec<OrgId> = visible.stored.targets.iter().map(|t| t.id).collect();
        let stored_sessions: Vec<SessionId> =
            stored::linked_sessions(connection, visible.stored.row.id)?
                .into_iter()
                .map(|session| session.id)
                .collect();
        let host = &visible.stored.host;
        let targets = match &changes.org_ids {
            Some(ids) => check_targets(connection, signed, host, ids)?,
            None => stored_targets.clone(),
        };
        let sessions = match &changes.session_ids {
            Some(ids) => check_sessions(connection, signed, host, ids)?,
            None => stored_sessions.clone(),
        };
        let before = CampaignRecord::from(visible.stored.row.clone());
        let mut record = before.clone();
        if let Some(title) = &changes.title {
            record.title = title.clone();
        }
        if let Some(deadline) = changes.deadline {
            record.deadline = deadline;
        }
        if let Some(percent) = changes.target_percent {
            record.target_percent = i32::from(percent);
        }
        record.reflection_rule = changed_rule(record.reflection_rule, &changes);
        record.updated_at = clock::now();
        record.list_key = campaign::list_key(record.deadline, record.id);
        stored::update(connection, &record)?;
        if changes.org_ids.is_some() {
            stored::set_targets(connection, record.id, &targets)?;
        }
        if changes.session_ids.is_some() {
            stored::set_sessions(connection, record.id, &sessions)?;
        }
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: "campaign.updated",
                object_type: "campaign",
                object_id: &record.id,
                org_id: Some(&record.host_org_id),
                before: Some(snapshot(&before, &stored_targets, &stored_sessions)),
                after: Some(snapshot(&record, &targets, &sessions)),
                request_id: Some(request_id),
            },
        )?;
        let visible = visible_campaign(connection, caller, id)?;
        view_of(connection, visible)
    })
}

/// The reflection rule after a change of either of its two fields.
fn changed_rule(stored: ReflectionRule, changes: &Changes) -> ReflectionRule {
    let required = changes
        .reflection_required
        .unwrap_or(stored != ReflectionRule::NotRequired);
    let submitted_counts = changes
        .submitted_counts
        .unwrap_or(stored == ReflectionRule::Submitted);
    match (required, submitted_counts) {
        (false, _) => ReflectionRule::NotRequired,
        (true, true) => ReflectionRule::Submitted,
        (true, false) => ReflectionRule::Accepted,
    }
}

/// The document studied: a published resolution the caller may see.
fn studied_document(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
) -> Result<DocumentId, ApiError> {
    Ok(
        resolution_named(connection, &signed.caller, "document_id", id, false)?
            .row
            .id,
    )
}

/// The target organisations: ones the caller sees, inside the host, each once.
fn check_targets(
    connection: &mut DbConnection,
    signed: &Signed,
    host: &OrgPath,
    ids: &[String],
) -> Result<Vec<OrgId>, ApiError> {
    count_between("org_ids", ids.len(), 1, campaign::MAX_TARGET_ORGS)?;
    let mut targets = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        let field = format!("org_ids[{index}]");
        let (org, path) = referenced_org(connection, &signed.caller, &field, id)?;
        if !host.contains(&path) {
            return Err(ApiError::invalid(&field, outside_host()));
        }
        if !targets.contains(&org.id) {
            targets.push(org.id);
        }
    }
    Ok(targets)
}

/// The sessions counted: ones the caller sees, hosted inside the campaign's host, each once.
fn check_sessions(
    connection: &mut DbConnection,
    signed: &Signed,
    host: &OrgPath,
    ids: &[String],
) -> Result<Vec<SessionId>, ApiError> {
    count_between("session_ids", ids.len(), 0, campaign::MAX_SESSIONS)?;
    let mut sessions = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        let field = format!("session_ids[{index}]");
        let session = visible_session(connection, &signed.caller, id)
            .map_err(|error| not_found_as_invalid(error, &field))?;
        if !host.contains(&session.stored.host) {
            return Err(ApiError::invalid(&field, outside_host()));
        }
        if !sessions.contains(&session.stored.row.id) {
            sessions.push(session.stored.row.id);
        }
    }
    Ok(sessions)
}

fn outside_host() -> Invalid {
    Invalid::new(
        "outside_host",
        "Chỉ chọn tổ chức, buổi sinh hoạt thuộc tổ chức chủ trì đợt học tập.",
        "Only organisations and sessions inside the campaign's host.",
    )
}

fn snapshot(
    record: &CampaignRecord,
    targets: &[OrgId],
    sessions: &[SessionId],
) -> serde_json::Value {
    serde_json::json!({
        "document_id": record.document_id.to_string(),
        "title": record.title,
        "deadline": record.deadline,
        "target_percent": record.target_percent,
        "reflection_rule": record.reflection_rule.as_str(),
        "org_ids": targets.iter().map(OrgId::to_string).collect::<Vec<_>>(),
        "session_ids": sessions.iter().map(SessionId::to_string).collect::<Vec<_>>(),
    })
}
