//! Notifications: telling members of what concerns them (the events other use cases raise,
//! and the reminders the server raises itself), their feed, their phones, and the push
//! hand-off.

use chrono::NaiveDateTime;
use sotay_domain::notification::Notice;
use sotay_persistence::DbConnection;
use sotay_persistence::notifications::{self, Audience, EventRecord};

use crate::error::ApiError;

pub mod devices;
pub mod events;
pub mod feed;
pub mod push;
pub mod reminders;

/// Tells `audiences` of `notice`: the event is stored once (not at all when its dedupe key was
/// taken by an earlier raise, on any node), and each member reached hears of it once per
/// topic, however many audiences reach them. Returns how many members were told.
pub fn tell(
    connection: &mut DbConnection,
    notice: &Notice,
    audiences: &[Audience<'_>],
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    Ok(tell_once(connection, notice, audiences, now)?.unwrap_or(0))
}

/// [`tell`], saying whether the event was raised here: `None` when its dedupe key was taken
/// (another node, or an earlier pass, raised it).
pub fn tell_once(
    connection: &mut DbConnection,
    notice: &Notice,
    audiences: &[Audience<'_>],
    now: NaiveDateTime,
) -> Result<Option<usize>, ApiError> {
    if audiences.is_empty() {
        return Ok(Some(0));
    }
    let event = EventRecord {
        id: sotay_domain::ids::NotificationId::new(),
        kind: notice.kind,
        object_type: notice.kind.object_type(),
        object_id: notice.object_id.clone(),
        subject: notice.subject.clone(),
        happens_at: notice.happens_at,
        note: notice.note.clone(),
        dedupe_key: notice.dedupe_key.clone(),
        created_at: now,
    };
    if !notifications::raise(connection, &event)? {
        return Ok(None);
    }
    let mut told = 0;
    for audience in audiences {
        told += notifications::deliver(connection, event.id, &notice.topic, *audience, now)?;
    }
    Ok(Some(told))
}
