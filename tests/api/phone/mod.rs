//! The phone, black-box: notifications from the events that matter to a member, reminders
//! raised at an instant the test chooses, push devices, the electronic party card, and sync.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sotay_domain::notification::ReminderPolicy;

use crate::helpers::TestApp;

mod cards;
mod devices;
mod notifications;
mod reminders;
mod sync;

/// One reminder pass as if the clock said `at`, as `sotay remind --at` runs it: (raised, told).
pub async fn remind_at(app: &TestApp, at: DateTime<Utc>) -> (usize, usize) {
    let mut connection = app.database.connect();
    tokio::task::spawn_blocking(move || {
        let reminded = sotay_api::cli::remind::run_once(
            &mut connection,
            &ReminderPolicy::default(),
            at.naive_utc(),
        )
        .unwrap();
        (reminded.raised, reminded.told)
    })
    .await
    .unwrap()
}

/// The kinds in a member's feed, newest first.
pub async fn kinds(app: &TestApp, token: &str) -> Vec<String> {
    let page = app.notifications(token, "?limit=100").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// The notifications of `kind` in a member's feed.
pub async fn of_kind(app: &TestApp, token: &str, kind: &str) -> Vec<Value> {
    let page = app.notifications(token, "?limit=100").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["kind"] == kind)
        .cloned()
        .collect()
}
