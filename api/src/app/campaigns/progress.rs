//! A campaign's progress in a subtree: who is counted, who has studied, each child
//! organisation's share, and who still stands between the subtree and its target.

use std::collections::HashMap;

use sotay_domain::access;
use sotay_domain::campaign::{Needs, Progress};
use sotay_domain::ids::OrgId;
use sotay_persistence::DbConnection;
use sotay_persistence::campaigns::{self, CampaignRow, Unfinished};
use sotay_persistence::orgs::{self, OrgRow};

use super::{managed_subtree, visible_campaign};
use crate::error::ApiError;

/// A counted member who has not studied yet.
pub struct Missing {
    pub unfinished: Unfinished,
    pub needs: Needs,
    /// The cell they study in, inside the subtree, with its code and name.
    pub cell_id: OrgId,
    pub cell: Option<(String, String)>,
}

pub struct Report {
    pub campaign: CampaignRow,
    pub org: OrgRow,
    pub progress: Progress,
    /// The organisations of `progress.by_child`, by id.
    pub children: HashMap<OrgId, OrgRow>,
    /// At most `limit` of them, by cell and name.
    pub missing: Vec<Missing>,
}

/// The report for the subtree of `org_id`, which the caller must manage (see
/// [`managed_subtree`] when absent); `limit` bounds the members named.
pub fn report(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
    org_id: Option<&str>,
    limit: i64,
) -> Result<Report, ApiError> {
    // One snapshot for the counts and the names, planned for this subtree's own paths.
    connection.read_transaction(|connection| {
        connection.plan_each_statement()?;
        let visible = visible_campaign(connection, caller, id)?;
        let row = visible.stored.row.clone();
        let (org, within) = managed_subtree(connection, caller, &visible, org_id)?;
        let campaign = &visible.campaign;
        let mut progress = Progress::new(campaign, &within);
        let tallies = campaigns::tallies(connection, row.id, row.reflection_rule, &progress.scope)?;
        for ((home, attached), tally) in tallies {
            progress.add(&home, attached.as_ref(), tally);
        }
        let unfinished = campaigns::unfinished(
            connection,
            row.id,
            row.reflection_rule,
            &progress.scope,
            limit,
        )?;
        let mut missing = Vec::with_capacity(unfinished.len());
        for unfinished in unfinished {
            let member = &unfinished.member;
            // A visitor studying in a cell outside this subtree is reported there.
            let Some(cell) = progress.cell_of(&member.org_path, member.attached_org_path.as_ref())
            else {
                continue;
            };
            let cell_id = match member.attached_org_id {
                Some(attached) if Some(cell) == member.attached_org_path.as_ref() => attached,
                _ => member.org_id,
            };
            missing.push(Missing {
                needs: campaign.needs(unfinished.attended, unfinished.reflection),
                unfinished,
                cell_id,
                cell: None,
            });
        }
        let mut ids: Vec<OrgId> = missing.iter().map(|m| m.cell_id).collect();
        ids.extend(progress.by_child.keys().filter_map(|path| path.id()));
        ids.sort_unstable();
        ids.dedup();
        let named: HashMap<OrgId, OrgRow> = orgs::find_many(connection, &ids)?
            .into_iter()
            .map(|org| (org.id, org))
            .collect();
        for member in &mut missing {
            member.cell = named
                .get(&member.cell_id)
                .map(|org| (org.code.clone(), org.name.clone()));
        }
        Ok(Report {
            campaign: row,
            org,
            progress,
            children: named,
            missing,
        })
    })
}
