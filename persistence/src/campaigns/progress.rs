//! A campaign's progress in a subtree, counted by the database: members grouped by where they
//! sit, with how many attended, reflected and studied; and the names of those still missing.

use diesel::dsl::{case_when, count_star, not, sum};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer};
use sotay_domain::campaign::{ReflectionRule, ReflectionStatus, Tally};
use sotay_domain::ids::CampaignId;
use sotay_domain::member::ActivityStatus;
use sotay_domain::org::OrgPath;
use sotay_domain::session::AttendanceStatus;

use crate::connection::DbConnection;
use crate::members::listing::{MemberCondition, placed_in};
use crate::schema::{attendances, campaign_sessions, members, reflections};
use crate::sessions::RollMember;

/// Counted members of a scope: active, placed (home or attached) in one of its subtrees.
fn counted(scope: &[OrgPath]) -> MemberCondition {
    let mut placed: MemberCondition = Box::new(false.into_sql::<Bool>());
    for subtree in scope {
        placed = Box::new(placed.or(placed_in(subtree)));
    }
    Box::new(placed.and(members::activity_status.eq(ActivityStatus::Active.as_str())))
}

/// Members who attended (present or late) one of the campaign's sessions.
fn attended(campaign: CampaignId) -> MemberCondition {
    Box::new(
        members::id.eq_any(
            attendances::table
                .filter(
                    attendances::session_id.eq_any(
                        campaign_sessions::table
                            .filter(campaign_sessions::campaign_id.eq(campaign.to_string()))
                            .select(campaign_sessions::session_id),
                    ),
                )
                .filter(attendances::status.eq_any([
                    AttendanceStatus::Present.as_str(),
                    AttendanceStatus::Late.as_str(),
                ]))
                .select(attendances::member_id),
        ),
    )
}

/// Members whose reflection counts under `rule` (everyone when none is asked for).
fn reflected(campaign: CampaignId, rule: ReflectionRule) -> MemberCondition {
    let Some(statuses) = rule.counted() else {
        return Box::new(true.into_sql::<Bool>());
    };
    let statuses: Vec<&str> = statuses.iter().map(|status| status.as_str()).collect();
    Box::new(
        members::id.eq_any(
            reflections::table
                .filter(reflections::campaign_id.eq(campaign.to_string()))
                .filter(reflections::status.eq_any(statuses))
                .select(reflections::member_id),
        ),
    )
}

type Placement = (OrgPath, Option<OrgPath>);

/// A grouped row: where members sit, how many, and how many attended, reflected and studied.
type PlacementRow = (
    OrgPath,
    Option<OrgPath>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// 1 for the rows matching `condition`, 0 for the others: summed, a count in the same pass.
macro_rules! one_if {
    ($condition:expr) => {
        case_when::<_, _, Integer>($condition, 1).otherwise(0)
    };
}

/// The counts of a campaign in `scope`, by where members sit: one grouped pass over the
/// subtree's counted members, counting all of them, those who attended, those whose reflection
/// counts, and those with both.
pub fn tallies(
    connection: &mut DbConnection,
    campaign: CampaignId,
    rule: ReflectionRule,
    scope: &[OrgPath],
) -> QueryResult<Vec<(Placement, Tally)>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<PlacementRow> = members::table
        .filter(counted(scope))
        .group_by((members::org_path, members::attached_org_path))
        .select((
            members::org_path,
            members::attached_org_path,
            count_star(),
            sum(one_if!(attended(campaign))),
            sum(one_if!(reflected(campaign, rule))),
            sum(one_if!(attended(campaign).and(reflected(campaign, rule)))),
        ))
        .load(connection)?;
    Ok(rows
        .into_iter()
        .map(|(home, attached, expected, attended, reflected, studied)| {
            let tally = Tally {
                expected,
                attended: attended.unwrap_or(0),
                reflected: reflected.unwrap_or(0),
                studied: studied.unwrap_or(0),
            };
            ((home, attached), tally)
        })
        .collect())
}

/// A counted member who has not studied yet, with what they have done.
#[derive(Debug, Clone)]
pub struct Unfinished {
    pub member: RollMember,
    pub attended: bool,
    pub reflection: Option<ReflectionStatus>,
}

/// Counted members of `scope` who have not studied, by cell path and name, at most `limit`.
pub fn unfinished(
    connection: &mut DbConnection,
    campaign: CampaignId,
    rule: ReflectionRule,
    scope: &[OrgPath],
    limit: i64,
) -> QueryResult<Vec<Unfinished>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    // Each one's attendance and reflection in the same pass: a flag and a code per row.
    let has = |status: ReflectionStatus| -> MemberCondition {
        Box::new(
            members::id.eq_any(
                reflections::table
                    .filter(reflections::campaign_id.eq(campaign.to_string()))
                    .filter(reflections::status.eq(status.as_str()))
                    .select(reflections::member_id),
            ),
        )
    };
    let rows: Vec<(RollMember, i32, i32)> = members::table
        .filter(counted(scope))
        .filter(not(attended(campaign).and(reflected(campaign, rule))))
        .order((
            members::org_path.asc(),
            members::sort_key.asc(),
            members::id.asc(),
        ))
        .limit(limit)
        .select((
            RollMember::as_select(),
            one_if!(attended(campaign)),
            case_when::<_, _, Integer>(has(ReflectionStatus::Accepted), 1)
                .when(has(ReflectionStatus::Submitted), 2)
                .when(has(ReflectionStatus::Returned), 3)
                .when(has(ReflectionStatus::Draft), 4)
                .otherwise(0),
        ))
        .load(connection)?;
    Ok(rows
        .into_iter()
        .map(|(member, attended, reflection)| Unfinished {
            member,
            attended: attended == 1,
            reflection: match reflection {
                1 => Some(ReflectionStatus::Accepted),
                2 => Some(ReflectionStatus::Submitted),
                3 => Some(ReflectionStatus::Returned),
                4 => Some(ReflectionStatus::Draft),
                _ => None,
            },
        })
        .collect())
}
