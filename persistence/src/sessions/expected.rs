//! Who a session expects: active members placed (home or attached) in an invited subtree,
//! each once however many ways they are reached.

use diesel::prelude::*;
use sotay_domain::ids::{MemberId, OrgId};
use sotay_domain::member::{ActivityStatus, PartyStatus};
use sotay_domain::org::OrgPath;

use crate::connection::DbConnection;
use crate::members::listing::{MemberCondition, placed_in};
use crate::schema::members;

/// A member as the roll shows them.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
pub struct RollMember {
    pub id: MemberId,
    pub full_name: String,
    pub card_number: String,
    pub sort_key: String,
    pub party_status: PartyStatus,
    pub activity_status: ActivityStatus,
    pub org_id: OrgId,
    pub org_path: OrgPath,
    pub attached_org_id: Option<OrgId>,
    pub attached_org_path: Option<OrgPath>,
}

/// Members placed in any of `invited` (exempt ones too: the minutes count them apart), in name
/// order. Who of them is expected is [`sotay_domain::session::Session::expects`]' question.
pub fn placed_in_any(
    connection: &mut DbConnection,
    invited: &[OrgPath],
) -> QueryResult<Vec<RollMember>> {
    let Some((first, rest)) = invited.split_first() else {
        return Ok(Vec::new());
    };
    let mut reached: MemberCondition = placed_in(first);
    for org in rest {
        reached = Box::new(reached.or(placed_in(org)));
    }
    members::table
        .filter(reached)
        .filter(members::activity_status.eq_any([
            ActivityStatus::Active.as_str(),
            ActivityStatus::Exempt.as_str(),
        ]))
        .order((members::sort_key.asc(), members::id.asc()))
        .select(RollMember::as_select())
        .load(connection)
}

/// Members by id, as the roll shows them (those with an entry who are no longer placed there).
pub fn roll_members(
    connection: &mut DbConnection,
    ids: &[MemberId],
) -> QueryResult<Vec<RollMember>> {
    let ids: Vec<String> = ids.iter().map(MemberId::to_string).collect();
    members::table
        .filter(members::id.eq_any(ids))
        .order((members::sort_key.asc(), members::id.asc()))
        .select(RollMember::as_select())
        .load(connection)
}
