//! Study campaigns, the organisations they target and the sessions they count; their progress
//! and members' reflections are in the modules below.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::campaign::ReflectionRule;
use sotay_domain::ids::{CampaignId, DocumentId, MemberId, OrgId, SessionId};
use sotay_domain::org::OrgPath;
use sotay_domain::session::{SessionKind, SessionState};

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::{campaign_orgs, campaign_sessions, campaigns, organizations, sessions};

mod listing;
mod progress;
mod reflections;

pub use listing::*;
pub use progress::*;
pub use reflections::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = campaigns)]
pub struct CampaignRow {
    pub id: CampaignId,
    pub document_id: DocumentId,
    pub title: String,
    pub host_org_id: OrgId,
    pub deadline: NaiveDate,
    pub target_percent: i32,
    pub reflection_rule: ReflectionRule,
    pub created_by: Option<MemberId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Where the campaign sits in lists: see [`sotay_domain::campaign::list_key`].
    pub list_key: String,
}

/// A campaign as written: every column, typed values stored as text.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = campaigns, treat_none_as_null = true)]
pub struct CampaignRecord {
    #[diesel(serialize_as = String)]
    pub id: CampaignId,
    #[diesel(serialize_as = String)]
    pub document_id: DocumentId,
    pub title: String,
    #[diesel(serialize_as = String)]
    pub host_org_id: OrgId,
    pub deadline: NaiveDate,
    pub target_percent: i32,
    #[diesel(serialize_as = String)]
    pub reflection_rule: ReflectionRule,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub list_key: String,
}

impl From<CampaignRow> for CampaignRecord {
    fn from(row: CampaignRow) -> Self {
        CampaignRecord {
            id: row.id,
            document_id: row.document_id,
            title: row.title,
            host_org_id: row.host_org_id,
            deadline: row.deadline,
            target_percent: row.target_percent,
            reflection_rule: row.reflection_rule,
            created_by: row.created_by.map(String::from),
            created_at: row.created_at,
            updated_at: row.updated_at,
            list_key: row.list_key,
        }
    }
}

/// A target organisation: its id, path and name.
#[derive(Debug, Clone, Queryable)]
pub struct TargetOrg {
    pub id: OrgId,
    pub path: OrgPath,
    pub name: String,
}

/// A session a campaign counts.
#[derive(Debug, Clone, Queryable)]
pub struct LinkedSession {
    pub id: SessionId,
    pub kind: SessionKind,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub state: SessionState,
}

/// A campaign with its host's path and its targets: what every rule about it needs.
#[derive(Debug, Clone)]
pub struct LoadedCampaign {
    pub row: CampaignRow,
    pub host: OrgPath,
    pub targets: Vec<TargetOrg>,
}

/// The campaign with `id`, its host's path and its targets, in one statement.
pub fn find(connection: &mut DbConnection, id: CampaignId) -> QueryResult<Option<LoadedCampaign>> {
    let target_orgs = diesel::alias!(organizations as target_orgs);
    let rows: Vec<(CampaignRow, OrgPath, OrgId, OrgPath, String)> = campaigns::table
        .inner_join(organizations::table.on(organizations::id.eq(campaigns::host_org_id)))
        .inner_join(campaign_orgs::table.on(campaign_orgs::campaign_id.eq(campaigns::id)))
        .inner_join(
            target_orgs.on(target_orgs
                .field(organizations::id)
                .eq(campaign_orgs::org_id)),
        )
        .filter(campaigns::id.eq(id.to_string()))
        .order(target_orgs.field(organizations::path).asc())
        .select((
            CampaignRow::as_select(),
            organizations::path,
            target_orgs.field(organizations::id),
            target_orgs.field(organizations::path),
            target_orgs.field(organizations::name),
        ))
        .load(connection)?;
    let mut rows = rows.into_iter();
    let Some((row, host, first_id, first_path, first_name)) = rows.next() else {
        return Ok(None);
    };
    let mut targets = vec![TargetOrg {
        id: first_id,
        path: first_path,
        name: first_name,
    }];
    targets.extend(rows.map(|(_, _, id, path, name)| TargetOrg { id, path, name }));
    Ok(Some(LoadedCampaign { row, host, targets }))
}

pub fn insert(connection: &mut DbConnection, campaign: &CampaignRecord) -> QueryResult<usize> {
    diesel::insert_into(campaigns::table)
        .values(campaign.clone())
        .execute(connection)
}

pub fn update(connection: &mut DbConnection, campaign: &CampaignRecord) -> QueryResult<usize> {
    diesel::update(campaigns::table.find(campaign.id.to_string()))
        .set(campaign.clone())
        .execute(connection)
}

/// Replaces the target organisations.
pub fn set_targets(
    connection: &mut DbConnection,
    campaign: CampaignId,
    orgs: &[OrgId],
) -> QueryResult<()> {
    diesel::delete(
        campaign_orgs::table.filter(campaign_orgs::campaign_id.eq(campaign.to_string())),
    )
    .execute(connection)?;
    let rows: Vec<_> = orgs
        .iter()
        .map(|org| {
            (
                campaign_orgs::campaign_id.eq(campaign.to_string()),
                campaign_orgs::org_id.eq(org.to_string()),
            )
        })
        .collect();
    on_each_backend!(connection, |inner| diesel::insert_into(
        campaign_orgs::table
    )
    .values(&rows)
    .execute(inner))?;
    Ok(())
}

/// Replaces the sessions counted.
pub fn set_sessions(
    connection: &mut DbConnection,
    campaign: CampaignId,
    linked: &[SessionId],
) -> QueryResult<()> {
    diesel::delete(
        campaign_sessions::table.filter(campaign_sessions::campaign_id.eq(campaign.to_string())),
    )
    .execute(connection)?;
    if linked.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = linked
        .iter()
        .map(|session| {
            (
                campaign_sessions::campaign_id.eq(campaign.to_string()),
                campaign_sessions::session_id.eq(session.to_string()),
            )
        })
        .collect();
    on_each_backend!(connection, |inner| diesel::insert_into(
        campaign_sessions::table
    )
    .values(&rows)
    .execute(inner))?;
    Ok(())
}

/// The sessions a campaign counts, by start.
pub fn linked_sessions(
    connection: &mut DbConnection,
    campaign: CampaignId,
) -> QueryResult<Vec<LinkedSession>> {
    campaign_sessions::table
        .inner_join(sessions::table.on(sessions::id.eq(campaign_sessions::session_id)))
        .filter(campaign_sessions::campaign_id.eq(campaign.to_string()))
        .order((sessions::starts_at.asc(), sessions::id.asc()))
        .select((
            sessions::id,
            sessions::kind,
            sessions::title,
            sessions::starts_at,
            sessions::state,
        ))
        .load(connection)
}
