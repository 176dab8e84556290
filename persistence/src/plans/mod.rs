//! Action plans, their items and the progress reported on them; lists and the roll-up of a
//! subtree are in the modules below.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sotay_domain::ids::{DocumentId, MemberId, PlanId, PlanItemId, ProgressReportId};
use sotay_domain::plan::{IndicatorKind, LinkKind, PlanStatus};

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::{action_plans, members, plan_events, plan_items, progress_reports};
use crate::sessions::RollMember;

mod listing;
mod rollup;

pub use listing::*;
pub use rollup::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = action_plans)]
pub struct PlanRow {
    pub id: PlanId,
    pub member_id: MemberId,
    pub document_id: DocumentId,
    pub year: i32,
    pub title: String,
    pub status: PlanStatus,
    pub review_comment: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<MemberId>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub rounds: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A plan as written.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = action_plans, treat_none_as_null = true)]
pub struct PlanRecord {
    #[diesel(serialize_as = String)]
    pub id: PlanId,
    #[diesel(serialize_as = String)]
    pub member_id: MemberId,
    #[diesel(serialize_as = String)]
    pub document_id: DocumentId,
    pub year: i32,
    pub title: String,
    #[diesel(serialize_as = String)]
    pub status: PlanStatus,
    pub review_comment: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub rounds: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<PlanRow> for PlanRecord {
    fn from(row: PlanRow) -> Self {
        PlanRecord {
            id: row.id,
            member_id: row.member_id,
            document_id: row.document_id,
            year: row.year,
            title: row.title,
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

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plan_items)]
pub struct ItemRow {
    pub id: PlanItemId,
    pub plan_id: PlanId,
    pub title: String,
    pub description: Option<String>,
    pub link_kind: Option<LinkKind>,
    pub link_id: Option<String>,
    pub indicator: IndicatorKind,
    pub unit: Option<String>,
    pub target_value: Option<f64>,
    pub due_on: NaiveDate,
    pub percent: f64,
    pub met: bool,
    pub latest_value: Option<f64>,
    pub latest_done: Option<bool>,
    pub reports: i32,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An item as written.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = plan_items, treat_none_as_null = true)]
pub struct ItemRecord {
    #[diesel(serialize_as = String)]
    pub id: PlanItemId,
    #[diesel(serialize_as = String)]
    pub plan_id: PlanId,
    pub title: String,
    pub description: Option<String>,
    pub link_kind: Option<String>,
    pub link_id: Option<String>,
    #[diesel(serialize_as = String)]
    pub indicator: IndicatorKind,
    pub unit: Option<String>,
    pub target_value: Option<f64>,
    pub due_on: NaiveDate,
    pub percent: f64,
    pub met: bool,
    pub latest_value: Option<f64>,
    pub latest_done: Option<bool>,
    pub reports: i32,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<ItemRow> for ItemRecord {
    fn from(row: ItemRow) -> Self {
        ItemRecord {
            id: row.id,
            plan_id: row.plan_id,
            title: row.title,
            description: row.description,
            link_kind: row.link_kind.map(String::from),
            link_id: row.link_id,
            indicator: row.indicator,
            unit: row.unit,
            target_value: row.target_value,
            due_on: row.due_on,
            percent: row.percent,
            met: row.met,
            latest_value: row.latest_value,
            latest_done: row.latest_done,
            reports: row.reports,
            position: row.position,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = progress_reports)]
pub struct ReportRow {
    pub id: ProgressReportId,
    pub item_id: PlanItemId,
    pub value: Option<f64>,
    pub done: Option<bool>,
    pub note: Option<String>,
    pub reported_on: NaiveDate,
    pub reported_by: Option<MemberId>,
    pub created_at: NaiveDateTime,
}

/// A submission or a review of a plan.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = plan_events)]
pub struct PlanEvent {
    pub id: String,
    pub plan_id: PlanId,
    pub status: PlanStatus,
    pub comment: Option<String>,
    pub actor_id: Option<MemberId>,
    pub at: NaiveDateTime,
}

/// A plan with its owner, as the roll shows members.
pub fn with_owner(
    connection: &mut DbConnection,
    id: PlanId,
) -> QueryResult<Option<(PlanRow, RollMember)>> {
    action_plans::table
        .inner_join(members::table.on(members::id.eq(action_plans::member_id)))
        .filter(action_plans::id.eq(id.to_string()))
        .select((PlanRow::as_select(), RollMember::as_select()))
        .first(connection)
        .optional()
}

/// Creates a plan unless the member has one for the document and year: 0 when they have.
pub fn insert(connection: &mut DbConnection, plan: &PlanRecord) -> QueryResult<usize> {
    on_each_backend!(connection, |inner| diesel::insert_into(action_plans::table)
        .values(plan.clone())
        .on_conflict((
            action_plans::member_id,
            action_plans::document_id,
            action_plans::year
        ))
        .do_nothing()
        .execute(inner))
}

/// Writes a plan over the state it was read in: 0 when another request moved it meanwhile.
pub fn write_over(
    connection: &mut DbConnection,
    plan: &PlanRecord,
    read_status: PlanStatus,
    read_rounds: i32,
) -> QueryResult<usize> {
    diesel::update(
        action_plans::table
            .filter(action_plans::id.eq(plan.id.to_string()))
            .filter(action_plans::status.eq(read_status.as_str()))
            .filter(action_plans::rounds.eq(read_rounds)),
    )
    .set(plan.clone())
    .execute(connection)
}

/// Takes the plan's row lock (PostgreSQL) if it is still as read: 0 when another request
/// moved it meanwhile (a submission while an item is added). SQLite's writers are serialised.
pub fn lock_plan(
    connection: &mut DbConnection,
    plan: PlanId,
    read_status: PlanStatus,
    read_rounds: i32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        action_plans::table
            .filter(action_plans::id.eq(plan.to_string()))
            .filter(action_plans::status.eq(read_status.as_str()))
            .filter(action_plans::rounds.eq(read_rounds)),
    )
    .set(action_plans::updated_at.eq(now))
    .execute(connection)
}

/// Marks a plan changed (a report on one of its items): a phone's sync carries it again.
pub fn touch(
    connection: &mut DbConnection,
    plan: PlanId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(action_plans::table.find(plan.to_string()))
        .set(action_plans::updated_at.eq(now))
        .execute(connection)
}

/// A plan's items, in their order.
pub fn items(connection: &mut DbConnection, plan: PlanId) -> QueryResult<Vec<ItemRow>> {
    plan_items::table
        .filter(plan_items::plan_id.eq(plan.to_string()))
        .order((plan_items::position.asc(), plan_items::id.asc()))
        .select(ItemRow::as_select())
        .load(connection)
}

pub fn insert_item(connection: &mut DbConnection, item: &ItemRecord) -> QueryResult<usize> {
    diesel::insert_into(plan_items::table)
        .values(item.clone())
        .execute(connection)
}

pub fn update_item(connection: &mut DbConnection, item: &ItemRecord) -> QueryResult<usize> {
    diesel::update(plan_items::table.find(item.id.to_string()))
        .set(item.clone())
        .execute(connection)
}

pub fn delete_item(connection: &mut DbConnection, item: PlanItemId) -> QueryResult<usize> {
    diesel::delete(plan_items::table.find(item.to_string())).execute(connection)
}

/// Takes the item's row lock (PostgreSQL) before its reports are read, so that two reports
/// sent at once are decided one after the other. SQLite's writers are serialised already.
pub fn lock_item(
    connection: &mut DbConnection,
    item: PlanItemId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(plan_items::table.find(item.to_string()))
        .set(plan_items::updated_at.eq(now))
        .execute(connection)
}

/// The reports on `items`, oldest first.
pub fn reports(connection: &mut DbConnection, items: &[PlanItemId]) -> QueryResult<Vec<ReportRow>> {
    let ids: Vec<String> = items.iter().map(PlanItemId::to_string).collect();
    progress_reports::table
        .filter(progress_reports::item_id.eq_any(ids))
        .order(progress_reports::id.asc())
        .select(ReportRow::as_select())
        .load(connection)
}

pub fn append_report(connection: &mut DbConnection, report: &ReportRow) -> QueryResult<usize> {
    diesel::insert_into(progress_reports::table)
        .values((
            progress_reports::id.eq(report.id.to_string()),
            progress_reports::item_id.eq(report.item_id.to_string()),
            progress_reports::value.eq(report.value),
            progress_reports::done.eq(report.done),
            progress_reports::note.eq(report.note.as_deref()),
            progress_reports::reported_on.eq(report.reported_on),
            progress_reports::reported_by.eq(report.reported_by.map(|id| id.to_string())),
            progress_reports::created_at.eq(report.created_at),
        ))
        .execute(connection)
}

pub fn append_event(connection: &mut DbConnection, event: &PlanEvent) -> QueryResult<usize> {
    diesel::insert_into(plan_events::table)
        .values((
            plan_events::id.eq(&event.id),
            plan_events::plan_id.eq(event.plan_id.to_string()),
            plan_events::status.eq(event.status.as_str()),
            plan_events::comment.eq(event.comment.as_deref()),
            plan_events::actor_id.eq(event.actor_id.map(|id| id.to_string())),
            plan_events::at.eq(event.at),
        ))
        .execute(connection)
}

/// A plan's submissions and reviews, oldest first.
pub fn events(connection: &mut DbConnection, plan: PlanId) -> QueryResult<Vec<PlanEvent>> {
    plan_events::table
        .filter(plan_events::plan_id.eq(plan.to_string()))
        .order(plan_events::id.asc())
        .select(PlanEvent::as_select())
        .load(connection)
}
