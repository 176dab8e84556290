//! Work the server does on its own, beside requests: the reminder pass every interval, and
//! handing queued pushes to the push service every few seconds. Both are safe with several
//! nodes on one database (a reminder's dedupe key, an outbox row taken by deleting it), so
//! every node runs them and none is special.

use std::sync::Arc;
use std::time::Duration;

use sotay_domain::notification::ReminderPolicy;
use sotay_persistence::{DbPool, clock};
use tokio::task::JoinHandle;

use crate::app::notifications::push::{self, PushGateway};
use crate::app::notifications::reminders;
use crate::app::with_connection;

/// How often queued pushes are handed over: a phone hears of a publication within seconds.
const PUSH_INTERVAL: Duration = Duration::from_secs(5);

/// Starts the background work on the current runtime; abort the handle to stop it.
pub fn spawn(
    pool: DbPool,
    policy: ReminderPolicy,
    reminder_interval: Option<Duration>,
    gateway: Arc<dyn PushGateway>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut pushes = tokio::time::interval(PUSH_INTERVAL);
        pushes.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut reminders = reminder_interval.map(|every| {
            let mut ticker = tokio::time::interval(every);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            ticker
        });
        loop {
            tokio::select! {
                _ = pushes.tick() => hand_over_pushes(&pool, &gateway).await,
                _ = tick(&mut reminders) => raise_reminders(&pool, &policy).await,
            }
        }
    })
}

async fn tick(ticker: &mut Option<tokio::time::Interval>) {
    match ticker {
        Some(ticker) => {
            ticker.tick().await;
        }
        None => std::future::pending::<()>().await,
    }
}

async fn raise_reminders(pool: &DbPool, policy: &ReminderPolicy) {
    let policy = policy.clone();
    let outcome = with_connection(pool, move |connection| {
        reminders::run(connection, &policy, clock::now())
    })
    .await;
    match outcome {
        Ok(report) if report.raised > 0 => {
            tracing::info!(
                raised = report.raised,
                told = report.told,
                "reminders raised"
            );
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "the reminder pass failed; it runs again"),
    }
}

async fn hand_over_pushes(pool: &DbPool, gateway: &Arc<dyn PushGateway>) {
    loop {
        let gateway = Arc::clone(gateway);
        let outcome = with_connection(pool, move |connection| {
            push::drain_batch(connection, gateway.as_ref())
        })
        .await;
        match outcome {
            Ok(taken) if taken as i64 == push::BATCH => continue,
            Ok(_) => return,
            Err(error) => {
                tracing::warn!(%error, "handing pushes over failed; they are tried again");
                return;
            }
        }
    }
}
