//! A member's feed: their notifications newest first, what is unread, and marking read.

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;
use sotay_domain::ids::{MemberId, NotificationId};
use sotay_domain::notification::{NotificationKind, ObjectType};

use crate::connection::DbConnection;
use crate::schema::{notification_events, notifications};

/// An event, as every member it reached sees it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notification_events)]
pub struct EventRow {
    pub id: NotificationId,
    pub kind: NotificationKind,
    pub object_type: ObjectType,
    pub object_id: String,
    pub subject: String,
    pub happens_at: Option<NaiveDateTime>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
}

/// A notification as its member's feed shows it: the event, and whether they read it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct FeedRow {
    #[diesel(embed)]
    pub event: EventRow,
    pub read_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

/// One page of `member`'s notifications, newest first, after the notification `before` of
/// the previous page; only unread ones when `unread_only`.
pub fn page(
    connection: &mut DbConnection,
    member: MemberId,
    unread_only: bool,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<FeedRow>> {
    let mut query = notifications::table
        .inner_join(notification_events::table)
        .filter(notifications::member_id.eq(member.to_string()))
        .order(notifications::event_id.desc())
        .limit(limit)
        .select(FeedRow::as_select())
        .into_boxed();
    if unread_only {
        query = query.filter(notifications::read_at.is_null());
    }
    if let Some(before) = before {
        query = query.filter(notifications::event_id.lt(before.to_owned()));
    }
    query.load(connection)
}

/// How many of `member`'s notifications are unread.
pub fn unread_count(connection: &mut DbConnection, member: MemberId) -> QueryResult<i64> {
    notifications::table
        .filter(notifications::member_id.eq(member.to_string()))
        .filter(notifications::read_at.is_null())
        .select(count_star())
        .first(connection)
}

/// `member`'s notification of event `id`, if they have one.
pub fn one(
    connection: &mut DbConnection,
    member: MemberId,
    id: NotificationId,
) -> QueryResult<Option<FeedRow>> {
    notifications::table
        .inner_join(notification_events::table)
        .filter(notifications::member_id.eq(member.to_string()))
        .filter(notifications::event_id.eq(id.to_string()))
        .select(FeedRow::as_select())
        .first(connection)
        .optional()
}

/// Marks one of `member`'s notifications read (a read one keeps its first reading): how many
/// changed, 0 or 1.
pub fn mark_read(
    connection: &mut DbConnection,
    member: MemberId,
    id: NotificationId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::member_id.eq(member.to_string()))
            .filter(notifications::event_id.eq(id.to_string()))
            .filter(notifications::read_at.is_null()),
    )
    .set((
        notifications::read_at.eq(now),
        notifications::updated_at.eq(now),
    ))
    .execute(connection)
}

/// Marks every unread notification of `member` up to event `up_to` (all when `None`) read:
/// how many changed. A phone passes the newest it showed, so one that arrived meanwhile stays
/// unread.
pub fn mark_all_read(
    connection: &mut DbConnection,
    member: MemberId,
    up_to: Option<NotificationId>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let unread = notifications::table
        .filter(notifications::member_id.eq(member.to_string()))
        .filter(notifications::read_at.is_null());
    let read = (
        notifications::read_at.eq(now),
        notifications::updated_at.eq(now),
    );
    match up_to {
        Some(up_to) => diesel::update(unread.filter(notifications::event_id.le(up_to.to_string())))
            .set(read)
            .execute(connection),
        None => diesel::update(unread).set(read).execute(connection),
    }
}

/// `member`'s notifications created or read after `since`, oldest change first, at most
/// `limit`: what a phone's sync has not seen.
pub fn changed_since(
    connection: &mut DbConnection,
    member: MemberId,
    since: Option<NaiveDateTime>,
    limit: i64,
) -> QueryResult<Vec<FeedRow>> {
    let mut query = notifications::table
        .inner_join(notification_events::table)
        .filter(notifications::member_id.eq(member.to_string()))
        .order((
            notifications::updated_at.asc(),
            notifications::event_id.asc(),
        ))
        .limit(limit)
        .select(FeedRow::as_select())
        .into_boxed();
    if let Some(since) = since {
        query = query.filter(notifications::updated_at.gt(since));
    }
    query.load(connection)
}
