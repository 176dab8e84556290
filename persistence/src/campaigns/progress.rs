//! A campaign's progress in a subtree, counted by the database: members grouped by where they
//! sit, with how many attended, reflected and studied; and the names of those still missing.

use std::collections::{BTreeMap, HashMap, HashSet};

use diesel::dsl::{count_star, not};
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sotay_domain::campaign::{ReflectionRule, ReflectionStatus, Tally};
use sotay_domain::ids::{CampaignId, MemberId};
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

/// Ids looked up at once.
const CHUNK: usize = 500;

/// One grouped count: which members, and which field of the tally it fills.
type Count = (Option<MemberCondition>, fn(&mut Tally, i64));

/// Counted members of `scope` matching `condition`, by where they sit.
fn count_by_placement(
    connection: &mut DbConnection,
    scope: &[OrgPath],
    condition: Option<MemberCondition>,
) -> QueryResult<Vec<(OrgPath, Option<OrgPath>, i64)>> {
    let mut query = members::table
        .filter(counted(scope))
        .group_by((members::org_path, members::attached_org_path))
        .select((members::org_path, members::attached_org_path, count_star()))
        .into_boxed();
    if let Some(condition) = condition {
        query = query.filter(condition);
    }
    query.load(connection)
}

/// The counts of a campaign in `scope`, by where members sit: four grouped counts (everyone,
/// attended, reflected, both), each one statement over the subtree's members. Each is a
/// semi-join PostgreSQL plans for the subtree's size (index lookups for a cell, hashes for a
/// province); one pass with conditional sums cannot be planned so, and was slower for a cell.
pub fn tallies(
    connection: &mut DbConnection,
    campaign: CampaignId,
    rule: ReflectionRule,
    scope: &[OrgPath],
) -> QueryResult<Vec<(Placement, Tally)>> {
    if scope.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_placement: BTreeMap<Placement, Tally> = BTreeMap::new();
    let counts: [Count; 4] = [
        (None, |tally, n| tally.expected = n),
        (Some(attended(campaign)), |tally, n| tally.attended = n),
        (Some(reflected(campaign, rule)), |tally, n| {
            tally.reflected = n
        }),
        (
            Some(Box::new(attended(campaign).and(reflected(campaign, rule)))),
            |tally, n| tally.studied = n,
        ),
    ];
    for (condition, set) in counts {
        for (home, attached, n) in count_by_placement(connection, scope, condition)? {
            set(by_placement.entry((home, attached)).or_default(), n);
        }
    }
    Ok(by_placement.into_iter().collect())
}

/// A counted member who has not studied yet, with what they have done. A draft reflection is
/// its author's alone: it reads as none.
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
    let missing: Vec<RollMember> = members::table
        .filter(counted(scope))
        .filter(not(attended(campaign).and(reflected(campaign, rule))))
        .order((
            members::org_path.asc(),
            members::sort_key.asc(),
            members::id.asc(),
        ))
        .limit(limit)
        .select(RollMember::as_select())
        .load(connection)?;
    let mut attended_ids: HashSet<MemberId> = HashSet::new();
    let mut statuses: HashMap<MemberId, ReflectionStatus> = HashMap::new();
    if missing.len() > CHUNK * 20 {
        // Most of a province (a CSV of everyone missing): two reads of the whole scope cost
        // less than dozens of lookups by id.
        attended_ids.extend(
            members::table
                .filter(counted(scope))
                .filter(attended(campaign))
                .select(members::id)
                .load::<MemberId>(connection)?,
        );
        statuses.extend(
            reflections::table
                .filter(reflections::campaign_id.eq(campaign.to_string()))
                .filter(reflections::status.ne(ReflectionStatus::Draft.as_str()))
                .select((reflections::member_id, reflections::status))
                .load::<(MemberId, ReflectionStatus)>(connection)?,
        );
    } else {
        // By id, in chunks: SQLite caps bound parameters. Folding this into the read above as
        // conditional columns costs more: PostgreSQL then hashes the whole campaign's
        // attendance and reflections even for one cell (bench/studies.sh: a cell's report
        // went from ~50 ms to ~200 ms).
        for chunk in missing.chunks(CHUNK) {
            let ids: Vec<String> = chunk.iter().map(|m| m.id.to_string()).collect();
            attended_ids.extend(
                members::table
                    .filter(members::id.eq_any(&ids))
                    .filter(attended(campaign))
                    .select(members::id)
                    .load::<MemberId>(connection)?,
            );
            statuses.extend(
                reflections::table
                    .filter(reflections::campaign_id.eq(campaign.to_string()))
                    .filter(reflections::status.ne(ReflectionStatus::Draft.as_str()))
                    .filter(reflections::member_id.eq_any(&ids))
                    .select((reflections::member_id, reflections::status))
                    .load::<(MemberId, ReflectionStatus)>(connection)?,
            );
        }
    }
    Ok(missing
        .into_iter()
        .map(|member| Unfinished {
            attended: attended_ids.contains(&member.id),
            reflection: statuses.get(&member.id).copied(),
            member,
        })
        .collect())
}
