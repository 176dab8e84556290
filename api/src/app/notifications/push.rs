//! The push hand-off: notifications queued for members' phones are handed to a push service
//! through [`PushGateway`]. The default logs what it would send; a deployment plugs in its
//! provider (FCM, APNs) by implementing the trait. Nothing is sent anywhere in tests.

use sotay_domain::notification::{NotificationKind, ObjectType, Platform};
use sotay_persistence::DbConnection;
use sotay_persistence::notifications::outbox::{self, Push};

use crate::error::ApiError;

/// What a phone is sent: enough to show the notification and open its object.
pub struct PushMessage<'a> {
    pub notification_id: String,
    pub kind: NotificationKind,
    pub object_type: ObjectType,
    pub object_id: &'a str,
    pub subject: &'a str,
    pub platform: Platform,
    /// The push service's address of the phone. Never log it.
    pub token: &'a str,
    /// Its first characters, for logs.
    pub token_hint: String,
}

/// A push service. `send` runs on a blocking thread, never on an actix worker.
pub trait PushGateway: Send + Sync + 'static {
    /// Hands one message to the push service; an error is logged and the message dropped
    /// (the notification stays in the member's feed).
    fn send(&self, message: &PushMessage<'_>) -> Result<(), String>;
}

/// The default gateway: logs what it would send, without the token.
pub struct LogOnly;

impl PushGateway for LogOnly {
    fn send(&self, message: &PushMessage<'_>) -> Result<(), String> {
        tracing::info!(
            notification = %message.notification_id,
            kind = message.kind.as_str(),
            object_type = message.object_type.as_str(),
            object_id = message.object_id,
            subject = message.subject,
            platform = message.platform.as_str(),
            device = %message.token_hint,
            token_chars = message.token.len(),
            "push (log only: no push service configured)"
        );
        Ok(())
    }
}

/// Pushes handed over per batch.
pub const BATCH: i64 = 200;

/// Takes one batch off the outbox (committed before sending: a push is handed over at most
/// once, whichever node takes it) and hands each to `gateway`. Returns how many were taken.
pub fn drain_batch(
    connection: &mut DbConnection,
    gateway: &dyn PushGateway,
) -> Result<usize, ApiError> {
    if !outbox::any_waiting(connection)? {
        return Ok(0);
    }
    let taken: Vec<Push> = connection
        .write_transaction(|connection| outbox::take(connection, BATCH).map_err(ApiError::from))?;
    for push in &taken {
        let message = PushMessage {
            notification_id: push.event.id.to_string(),
            kind: push.event.kind,
            object_type: push.event.object_type,
            object_id: &push.event.object_id,
            subject: &push.event.subject,
            platform: push.device.platform,
            token: &push.device.token,
            token_hint: push.device.token_hint(),
        };
        if let Err(error) = gateway.send(&message) {
            tracing::warn!(notification = %message.notification_id, device = %message.token_hint, %error, "push failed");
        }
    }
    Ok(taken.len())
}

/// [`drain_batch`] for callers outside the server (a deployment's tooling, the tests): one
/// batch handed to `gateway`, with the error as text.
pub fn hand_over(
    connection: &mut DbConnection,
    gateway: &dyn PushGateway,
) -> Result<usize, String> {
    drain_batch(connection, gateway).map_err(|error| error.to_string())
}
