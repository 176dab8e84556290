//! The campaigns a caller may list, by deadline.

use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sotay_domain::ids::{DocumentId, OrgId};
use sotay_domain::org::OrgPath;

use super::CampaignRow;
use crate::connection::{DbConnection, MultiBackend};
use crate::schema::{campaign_orgs, campaigns, organizations};
use crate::scope::ListScope;

type CampaignCondition = Box<dyn BoxableExpression<campaigns::table, MultiBackend, SqlType = Bool>>;

/// Filters of `GET /campaigns`.
#[derive(Debug, Default)]
pub struct CampaignFilter<'a> {
    /// Studying this document.
    pub document_id: Option<DocumentId>,
    /// Hosted in this subtree or targeting an organisation in it.
    pub within: Option<&'a OrgPath>,
}

fn hosted_in(subtree: &OrgPath) -> CampaignCondition {
    Box::new(
        campaigns::host_org_id.eq_any(
            organizations::table
                .filter(organizations::path.ge(subtree.as_str().to_owned()))
                .filter(organizations::path.lt(subtree.subtree_upper_bound()))
                .select(organizations::id),
        ),
    )
}

fn targeting_in(subtree: &OrgPath) -> CampaignCondition {
    Box::new(
        campaigns::id.eq_any(
            campaign_orgs::table
                .inner_join(organizations::table.on(organizations::id.eq(campaign_orgs::org_id)))
                .filter(organizations::path.ge(subtree.as_str().to_owned()))
                .filter(organizations::path.lt(subtree.subtree_upper_bound()))
                .select(campaign_orgs::campaign_id),
        ),
    )
}

/// Campaigns have no drafts: whoever a campaign reaches or who oversees it sees it.
fn visible(scope: &ListScope) -> Option<CampaignCondition> {
    if scope.everything {
        return None;
    }
    let mut visible: Vec<CampaignCondition> = scope.runs.iter().map(hosted_in).collect();
    for subtree in &scope.oversees {
        visible.push(hosted_in(subtree));
        visible.push(targeting_in(subtree));
    }
    let reached: Vec<String> = scope.reached_through.iter().map(OrgId::to_string).collect();
    visible.push(Box::new(
        campaigns::id.eq_any(
            campaign_orgs::table
                .filter(campaign_orgs::org_id.eq_any(reached))
                .select(campaign_orgs::campaign_id),
        ),
    ));
    visible
        .into_iter()
        .reduce(|left, right| Box::new(left.or(right)))
}

/// One page of campaigns by deadline, after the list key `after`.
pub fn list(
    connection: &mut DbConnection,
    scope: &ListScope,
    filter: &CampaignFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<CampaignRow>> {
    let mut query = campaigns::table
        .select(CampaignRow::as_select())
        .order(campaigns::list_key.asc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(condition) = visible(scope) {
        query = query.filter(condition);
    }
    if let Some(document) = filter.document_id {
        query = query.filter(campaigns::document_id.eq(document.to_string()));
    }
    if let Some(within) = filter.within {
        query = query.filter(hosted_in(within).or(targeting_in(within)));
    }
    if let Some(after) = after {
        query = query.filter(campaigns::list_key.gt(after.to_owned()));
    }
    query.load(connection)
}
