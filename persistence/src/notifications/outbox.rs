//! The push outbox: what is still to be handed to the push service. A node takes rows by
//! deleting them, so however many nodes drain it, each push is handed over once.

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::schema::{devices, notification_events, push_outbox};

use super::devices_store::DeviceRow;
use super::feed::EventRow;

/// A push to hand over: the event and the phone.
#[derive(Debug, Clone)]
pub struct Push {
    pub event: EventRow,
    pub device: DeviceRow,
}

/// Whether any push waits: a read, so that a node with nothing to hand over never takes the
/// write lock (SQLite has one for the whole database).
pub fn any_waiting(connection: &mut DbConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        push_outbox::table.select(push_outbox::id),
    ))
    .get_result(connection)
}

/// Takes up to `limit` pushes off the outbox, oldest first. Call it inside a transaction: the
/// rows are gone once it commits, and back if it rolls back.
pub fn take(connection: &mut DbConnection, limit: i64) -> QueryResult<Vec<Push>> {
    let oldest: Vec<String> = push_outbox::table
        .order((push_outbox::created_at.asc(), push_outbox::id.asc()))
        .limit(limit)
        .select(push_outbox::id)
        .load(connection)?;
    if oldest.is_empty() {
        return Ok(Vec::new());
    }
    // Another node may have taken some meanwhile: what this delete removes is ours.
    let ours: Vec<(String, String)> =
        diesel::delete(push_outbox::table.filter(push_outbox::id.eq_any(&oldest)))
            .returning((push_outbox::event_id, push_outbox::device_id))
            .get_results(connection)?;
    if ours.is_empty() {
        return Ok(Vec::new());
    }
    let event_ids: Vec<&String> = ours.iter().map(|(event, _)| event).collect();
    let device_ids: Vec<&String> = ours.iter().map(|(_, device)| device).collect();
    let events: Vec<EventRow> = notification_events::table
        .filter(notification_events::id.eq_any(event_ids))
        .select(EventRow::as_select())
        .load(connection)?;
    // A phone forgotten since the push was queued gets nothing.
    let phones: Vec<DeviceRow> = devices::table
        .filter(devices::id.eq_any(device_ids))
        .select(DeviceRow::as_select())
        .load(connection)?;
    Ok(ours
        .into_iter()
        .filter_map(|(event_id, device_id)| {
            let event = events
                .iter()
                .find(|event| event.id.to_string() == event_id)?;
            let device = phones
                .iter()
                .find(|phone| phone.id.to_string() == device_id)?;
            Some(Push {
                event: event.clone(),
                device: device.clone(),
            })
        })
        .collect())
}
