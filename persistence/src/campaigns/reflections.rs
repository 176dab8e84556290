//! Members' reflections in a campaign, and the history of their submissions and reviews.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::campaign::ReflectionStatus;
use sotay_domain::ids::{CampaignId, MemberId, ReflectionId};
use sotay_domain::org::OrgPath;

use crate::connection::{DbConnection, MultiBackend, on_each_backend};
use crate::members::listing::placed_in_join;
use crate::schema::{members, reflection_events, reflections};
use crate::sessions::RollMember;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reflections)]
pub struct ReflectionRow {
    pub id: ReflectionId,
    pub campaign_id: CampaignId,
    pub member_id: MemberId,
    /// The text being written: the author's alone until submitted.
    pub body: Option<String>,
    /// The text as last submitted: what reviewers read.
    pub submitted_body: Option<String>,
    pub status: ReflectionStatus,
    pub review_comment: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<MemberId>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub rounds: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A reflection as written.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = reflections, treat_none_as_null = true)]
pub struct ReflectionRecord {
    #[diesel(serialize_as = String)]
    pub id: ReflectionId,
    #[diesel(serialize_as = String)]
    pub campaign_id: CampaignId,
    #[diesel(serialize_as = String)]
    pub member_id: MemberId,
    pub body: Option<String>,
    pub submitted_body: Option<String>,
    #[diesel(serialize_as = String)]
    pub status: ReflectionStatus,
    pub review_comment: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub rounds: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<ReflectionRow> for ReflectionRecord {
    fn from(row: ReflectionRow) -> Self {
        ReflectionRecord {
            id: row.id,
            campaign_id: row.campaign_id,
            member_id: row.member_id,
            body: row.body,
            submitted_body: row.submitted_body,
            status: row.status,
            review_comment: row.review_comment,
            submitted_at: row.submitted_at,
            reviewed_by: row.reviewed_by.map(String::from),
            reviewed_at: row.reviewed_at,
            rounds: row.rounds,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A submission or a review, as the history keeps it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = reflection_events)]
pub struct ReflectionEvent {
    pub id: ReflectionId,
    pub reflection_id: ReflectionId,
    pub status: ReflectionStatus,
    pub body: Option<String>,
    pub comment: Option<String>,
    pub actor_id: Option<MemberId>,
    pub at: NaiveDateTime,
}

/// A member's reflection in a campaign.
pub fn own(
    connection: &mut DbConnection,
    campaign: CampaignId,
    member: MemberId,
) -> QueryResult<Option<ReflectionRow>> {
    reflections::table
        .filter(reflections::campaign_id.eq(campaign.to_string()))
        .filter(reflections::member_id.eq(member.to_string()))
        .select(ReflectionRow::as_select())
        .first(connection)
        .optional()
}

/// A reflection with its author, as the roll shows members.
pub fn with_author(
    connection: &mut DbConnection,
    id: ReflectionId,
) -> QueryResult<Option<(ReflectionRow, RollMember)>> {
    reflections::table
        .inner_join(members::table)
        .filter(reflections::id.eq(id.to_string()))
        .select((ReflectionRow::as_select(), RollMember::as_select()))
        .first(connection)
        .optional()
}

/// Starts an empty draft unless the member has one: two first saves at once (a double tap)
/// make one reflection.
pub fn start(connection: &mut DbConnection, record: &ReflectionRecord) -> QueryResult<usize> {
    on_each_backend!(connection, |inner| diesel::insert_into(reflections::table)
        .values(record.clone())
        .on_conflict((reflections::campaign_id, reflections::member_id))
        .do_nothing()
        .execute(inner))
}

/// Writes a reflection over the state it was read in: 0 when another request moved it in
/// between, and the caller reads it again.
pub fn write_over(
    connection: &mut DbConnection,
    record: &ReflectionRecord,
    read_rounds: i32,
    read_status: ReflectionStatus,
) -> QueryResult<usize> {
    diesel::update(
        reflections::table
            .filter(reflections::id.eq(record.id.to_string()))
            .filter(reflections::rounds.eq(read_rounds))
            .filter(reflections::status.eq(read_status.as_str())),
    )
    .set(record.clone())
    .execute(connection)
}

pub fn append_event(connection: &mut DbConnection, event: &ReflectionEvent) -> QueryResult<usize> {
    diesel::insert_into(reflection_events::table)
        .values((
            reflection_events::id.eq(event.id.to_string()),
            reflection_events::reflection_id.eq(event.reflection_id.to_string()),
            reflection_events::status.eq(event.status.as_str()),
            reflection_events::body.eq(event.body.as_deref()),
            reflection_events::comment.eq(event.comment.as_deref()),
            reflection_events::actor_id.eq(event.actor_id.map(|id| id.to_string())),
            reflection_events::at.eq(event.at),
        ))
        .execute(connection)
}

/// A reflection's submissions and reviews, oldest first.
pub fn history(
    connection: &mut DbConnection,
    reflection: ReflectionId,
) -> QueryResult<Vec<ReflectionEvent>> {
    reflection_events::table
        .filter(reflection_events::reflection_id.eq(reflection.to_string()))
        .order(reflection_events::id.asc())
        .select(ReflectionEvent::as_select())
        .load(connection)
}

/// Filters of a campaign's reflections.
#[derive(Debug)]
pub struct ReflectionFilter<'a> {
    /// Authors placed (home or attached) in this subtree.
    pub within: &'a OrgPath,
    /// One status; drafts are their authors' alone and never listed.
    pub status: Option<ReflectionStatus>,
}

/// One page of a campaign's handed-in reflections with their authors, by the id after
/// `after` (ids are time-ordered: the oldest first).
pub fn list_reflections(
    connection: &mut DbConnection,
    campaign: CampaignId,
    filter: &ReflectionFilter<'_>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(ReflectionRow, RollMember)>> {
    let mut query = reflections::table
        .inner_join(members::table)
        .select((ReflectionRow::as_select(), RollMember::as_select()))
        .order(reflections::id.asc())
        .limit(limit)
        .into_boxed::<MultiBackend>()
        .filter(reflections::campaign_id.eq(campaign.to_string()))
        .filter(reflections::status.ne(ReflectionStatus::Draft.as_str()))
        .filter(placed_in_join!(filter.within));
    if let Some(status) = filter.status {
        query = query.filter(reflections::status.eq(status.as_str()));
    }
    if let Some(after) = after {
        query = query.filter(reflections::id.gt(after.to_owned()));
    }
    query.load(connection)
}
