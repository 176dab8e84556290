//! Study campaigns: planning them, their progress, and members' reflections.
//!
//! Every use case starts from [`visible_campaign`] (404 for a campaign the caller may not
//! see, whatever the reason) or [`run_campaign`] (also 403 for one they only see).

pub mod listing;
pub mod planning;
pub mod progress;
pub mod reflections;

use sotay_domain::access;
use sotay_domain::campaign::{Campaign, CampaignAccess};
use sotay_domain::ids::CampaignId;
use sotay_domain::org::OrgPath;
use sotay_domain::role::Authority;
use sotay_persistence::DbConnection;
use sotay_persistence::campaigns::{self, LinkedSession, LoadedCampaign};
use sotay_persistence::documents::{self, DocumentRow};
use sotay_persistence::orgs::OrgRow;

use crate::app::orgs::referenced_org;
use crate::error::ApiError;

/// A campaign the caller may see, as stored and as its rules see it.
pub struct Visible {
    pub stored: LoadedCampaign,
    pub campaign: Campaign,
    pub access: CampaignAccess,
}

/// A campaign as `GET /campaigns/{id}` and every write answer it.
pub struct CampaignView {
    pub visible: Visible,
    pub document: DocumentRow,
    pub sessions: Vec<LinkedSession>,
}

/// The campaign with `id`, if the caller may see it; 404 otherwise, whichever the reason.
pub fn visible_campaign(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    let id = CampaignId::from_text(id).ok_or(ApiError::NotFound)?;
    let stored = campaigns::find(connection, id)?.ok_or(ApiError::NotFound)?;
    let campaign = rules_of(&stored)?;
    let access = campaign.access(caller);
    if access == CampaignAccess::None {
        return Err(ApiError::NotFound);
    }
    Ok(Visible {
        stored,
        campaign,
        access,
    })
}

/// A campaign the caller runs (a manager of its host): 404 when hidden, 403 when only seen.
pub fn run_campaign(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    let visible = visible_campaign(connection, caller, id)?;
    if visible.access != CampaignAccess::Run {
        return Err(ApiError::Forbidden);
    }
    Ok(visible)
}

/// The rules' view of a stored campaign. A stored row the rules refuse is a server fault.
pub fn rules_of(stored: &LoadedCampaign) -> Result<Campaign, ApiError> {
    let row = &stored.row;
    let target_percent = u8::try_from(row.target_percent)
        .map_err(|_| ApiError::internal("stored target_percent"))?;
    Ok(Campaign {
        host: stored.host.clone(),
        targets: stored.targets.iter().map(|org| org.path.clone()).collect(),
        reflection: row.reflection_rule,
        target_percent,
    })
}

/// The whole view of a visible campaign: its document and its sessions.
pub fn view_of(connection: &mut DbConnection, visible: Visible) -> Result<CampaignView, ApiError> {
    let row = &visible.stored.row;
    let document = documents::find(connection, row.document_id)?
        .ok_or_else(|| ApiError::internal("a campaign's document is gone"))?;
    let sessions = campaigns::linked_sessions(connection, row.id)?;
    Ok(CampaignView {
        visible,
        document,
        sessions,
    })
}

/// The subtree a manager's report or list covers: `org_id` when named (which they must
/// manage); otherwise the campaign's host when they manage it, or else where they manage
/// inside it (a cell secretary gets their cell).
pub fn managed_subtree(
    connection: &mut DbConnection,
    caller: &access::Caller,
    visible: &Visible,
    org_id: Option<&str>,
) -> Result<(OrgRow, OrgPath), ApiError> {
    let host = &visible.stored.host;
    let named = match org_id {
        Some(id) => id.to_owned(),
        None if caller.can_manage(host) => visible.stored.row.host_org_id.to_string(),
        None => caller
            .roles
            .iter()
            .filter(|held| held.role.authority() == Authority::Manage)
            .filter_map(|held| held.at.as_ref())
            .filter(|at| host.contains(at))
            .min_by_key(|at| at.depth())
            .and_then(OrgPath::id)
            .ok_or(ApiError::Forbidden)?
            .to_string(),
    };
    let (org, within) = referenced_org(connection, caller, "org_id", &named)?;
    if !caller.can_manage(&within) {
        return Err(ApiError::Forbidden);
    }
    Ok((org, within))
}
