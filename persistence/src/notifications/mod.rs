//! Notifications: an event stored once, delivered to each member it concerns (one row per
//! member in the same statement), and queued for the phones those members registered.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use diesel::sql_types::{Text, Timestamp};
use sotay_domain::ids::{DocumentId, MemberId, NotificationId, OrgId, SessionId};
use sotay_domain::member::ActivityStatus;
use sotay_domain::notification::{NotificationKind, ObjectType};
use sotay_domain::org::OrgPath;
use sotay_domain::role::{Authority, Role};
use sotay_domain::session::RsvpResponse;

use crate::connection::{DbConnection, on_each_backend};
use crate::members::listing::placed_in_join;
use crate::schema::{
    devices, document_reads, members, notification_events, notifications, positions, push_outbox,
    session_rsvps,
};

pub mod devices_store;
pub mod feed;
pub mod outbox;
pub mod reminders;
pub mod withdrawals;

/// An event as stored.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = notification_events)]
pub struct EventRecord {
    #[diesel(serialize_as = String)]
    pub id: NotificationId,
    #[diesel(serialize_as = String)]
    pub kind: NotificationKind,
    #[diesel(serialize_as = String)]
    pub object_type: ObjectType,
    pub object_id: String,
    pub subject: String,
    pub happens_at: Option<NaiveDateTime>,
    pub note: Option<String>,
    pub dedupe_key: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Stores an event: `false` when one with the same dedupe key was raised already (by this
/// node or another), and nothing is stored.
pub fn raise(connection: &mut DbConnection, event: &EventRecord) -> QueryResult<bool> {
    let stored = on_each_backend!(connection, |inner| diesel::insert_into(
        notification_events::table
    )
    .values(event.clone())
    .on_conflict_do_nothing()
    .execute(inner))?;
    Ok(stored == 1)
}

/// Who an event reaches.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    /// One member.
    Member(MemberId),
    /// Members who use the app (active or exempt) placed, at home or attached, in the subtree.
    Placed(&'a OrgPath),
    /// Active members placed in the subtree who have not acknowledged the version.
    Unacknowledged {
        within: &'a OrgPath,
        document_id: DocumentId,
        version: i32,
    },
    /// Members who use the app placed in the subtree, except those who sent the session an
    /// apology.
    WithoutApology {
        within: &'a OrgPath,
        session_id: SessionId,
    },
    /// Those who hold a managing position at the organisation on `today`.
    Managers { org_id: OrgId, today: NaiveDate },
}

const USES_APP: [&str; 2] = ["active", "exempt"];

/// Delivers event `event_id` to its audience, once per member and topic (a member already told
/// of `topic` is not told again), and queues a push for each of their registered phones.
/// Returns how many members were told.
pub fn deliver(
    connection: &mut DbConnection,
    event_id: NotificationId,
    topic: &str,
    audience: Audience<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let event = event_id.to_string();
    let columns = (
        notifications::member_id,
        notifications::event_id,
        notifications::topic,
        notifications::updated_at,
    );
    let values = (
        event.clone().into_sql::<Text>(),
        topic.to_owned().into_sql::<Text>(),
        now.into_sql::<Timestamp>(),
    );
    let uses_app = members::activity_status.eq_any(USES_APP);
    // One `INSERT … SELECT` per audience; each arm is its own statement type, compiled for each
    // backend (`ON CONFLICT` does not go through the `MultiConnection` enum).
    let told = match audience {
        Audience::Member(member) => on_each_backend!(connection, |inner| {
            diesel::insert_into(notifications::table)
                .values(
                    members::table
                        .filter(members::id.eq(member.to_string()))
                        .select((members::id, values.0, values.1, values.2)),
                )
                .into_columns(columns)
                .on_conflict_do_nothing()
                .execute(inner)
        }),
        Audience::Placed(within) => on_each_backend!(connection, |inner| {
            diesel::insert_into(notifications::table)
                .values(
                    members::table
                        .filter(placed_in_join!(within))
                        .filter(uses_app)
                        .select((members::id, values.0, values.1, values.2)),
                )
                .into_columns(columns)
                .on_conflict_do_nothing()
                .execute(inner)
        }),
        Audience::Unacknowledged {
            within,
            document_id,
            version,
        } => {
            let acknowledged = document_reads::table
                .filter(document_reads::document_id.eq(document_id.to_string()))
                .filter(document_reads::version.eq(version))
                .filter(document_reads::acknowledged_at.is_not_null())
                .filter(document_reads::member_id.eq(members::id));
            on_each_backend!(connection, |inner| {
                diesel::insert_into(notifications::table)
                    .values(
                        members::table
                            .filter(placed_in_join!(within))
                            .filter(members::activity_status.eq(ActivityStatus::Active.as_str()))
                            .filter(not(exists(acknowledged)))
                            .select((members::id, values.0, values.1, values.2)),
                    )
                    .into_columns(columns)
                    .on_conflict_do_nothing()
                    .execute(inner)
            })
        }
        Audience::WithoutApology { within, session_id } => {
            let apologised = session_rsvps::table
                .filter(session_rsvps::session_id.eq(session_id.to_string()))
                .filter(session_rsvps::response.eq(RsvpResponse::Apology.as_str()))
                .filter(session_rsvps::member_id.eq(members::id));
            on_each_backend!(connection, |inner| {
                diesel::insert_into(notifications::table)
                    .values(
                        members::table
                            .filter(placed_in_join!(within))
                            .filter(uses_app)
                            .filter(not(exists(apologised)))
                            .select((members::id, values.0, values.1, values.2)),
                    )
                    .into_columns(columns)
                    .on_conflict_do_nothing()
                    .execute(inner)
            })
        }
        Audience::Managers { org_id, today } => {
            let managing: Vec<&str> = Role::ALL
                .iter()
                .filter(|role| role.authority() == Authority::Manage)
                .map(|role| role.as_str())
                .collect();
            let holders = positions::table
                .filter(positions::org_id.eq(org_id.to_string()))
                .filter(positions::role.eq_any(managing))
                .filter(positions::from_date.le(today))
                .filter(
                    positions::until_date
                        .is_null()
                        .or(positions::until_date.ge(today)),
                )
                .filter(positions::member_id.eq(members::id));
            on_each_backend!(connection, |inner| {
                diesel::insert_into(notifications::table)
                    .values(
                        members::table
                            .filter(exists(holders))
                            .filter(uses_app)
                            .select((members::id, values.0, values.1, values.2)),
                    )
                    .into_columns(columns)
                    .on_conflict_do_nothing()
                    .execute(inner)
            })
        }
    }?;
    if told > 0 {
        queue_pushes(connection, event_id, now)?;
    }
    Ok(told)
}

/// Queues a push of the event to every phone of every member it was delivered to.
fn queue_pushes(
    connection: &mut DbConnection,
    event_id: NotificationId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let event = event_id.to_string();
    let phones = devices::table
        .inner_join(notifications::table.on(notifications::member_id.eq(devices::member_id)))
        .filter(notifications::event_id.eq(event.clone()))
        .select((
            event.clone().into_sql::<Text>().concat(devices::id),
            event.clone().into_sql::<Text>(),
            devices::id,
            now.into_sql::<Timestamp>(),
        ));
    on_each_backend!(connection, |inner| diesel::insert_into(push_outbox::table)
        .values(phones.clone())
        .into_columns((
            push_outbox::id,
            push_outbox::event_id,
            push_outbox::device_id,
            push_outbox::created_at,
        ))
        .on_conflict_do_nothing()
        .execute(inner))
}
