use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use super::cards::verify_offline;
use super::remind_at;
use crate::helpers::{Backend, TestApp, TestDatabase, problem};
use crate::plans::{plan_of, resolution};
use crate::world::World;

on_every_backend!(
    a_phone_syncs_exactly_what_changed_hears_its_reminder_and_shows_a_card,
    a_sync_pages_drops_what_is_withdrawn_and_starts_over_after_a_move,
);

/// A single server: one clock, so no skew allowance and every change is sent exactly once.
async fn one_node(backend: Backend) -> TestApp {
    TestApp::spawn_with(
        TestDatabase::fresh(backend),
        &[("SOTAY_SYNC_CLOCK_SKEW_MS", "0")],
    )
    .await
}

async fn synced(app: &TestApp, token: &str, since: Option<&str>) -> Value {
    let query = since.map_or(String::new(), |cursor| format!("?since={cursor}"));
    let response = app.sync(token, &query).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

fn ids(sync: &Value, collection: &str) -> Vec<String> {
    sync[collection]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            item.get("id")
                .or_else(|| item.get("session_id"))
                .and_then(Value::as_str)
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn kinds(sync: &Value) -> Vec<&str> {
    sync["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["kind"].as_str().unwrap())
        .collect()
}

async fn a_phone_syncs_exactly_what_changed_hears_its_reminder_and_shows_a_card(backend: Backend) {
    let app = one_node(backend).await;
    let world = World::build(&app).await;
    let phone = &world.member_a1.access_token;

    // First sync: the whole current state (nothing reaches the member yet).
    let first = synced(&app, phone, None).await;
    assert_eq!(first["reset"], true);
    assert_eq!(first["has_more"], false);
    for collection in [
        "documents",
        "sessions",
        "attendance",
        "action_plans",
        "reflections",
        "notifications",
        "tombstones",
    ] {
        assert_eq!(first[collection], json!([]), "{collection}");
    }

    // The ward publishes its resolution and schedules a session for cell A1.
    let document = resolution(&app, &world).await;
    let document_id = document["id"].as_str().unwrap().to_owned();
    let secretary = &world.ward_secretary.access_token;
    let starts = (Utc::now() + TimeDelta::days(2))
        .date_naive()
        .and_hms_opt(1, 30, 0)
        .unwrap()
        .and_utc();
    let session = app
        .created_session(
            secretary,
            json!({
                "kind": "study_conference", "title": "Quán triệt Nghị quyết Đại hội (đợt 1)",
                "host_org_id": world.ward_a, "invited_org_ids": [world.cell_a1],
                "mode": "in_person", "location": "Hội trường phường",
                "starts_at": starts, "ends_at": starts + TimeDelta::hours(3),
            }),
        )
        .await;
    let session_id = session["id"].as_str().unwrap().to_owned();
    let published = app
        .update_session(secretary, &session_id, json!({"state": "published"}))
        .await;
    assert_eq!(published.status().as_u16(), 200);

    // The next sync: exactly those changes.
    let second = synced(&app, phone, first["cursor"].as_str()).await;
    assert_eq!(second["reset"], false);
    assert_eq!(ids(&second, "documents"), [document_id.as_str()]);
    let synced_document = &second["documents"][0];
    assert_eq!(
        synced_document["structure"]["programs"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(synced_document["body"].is_string());
    assert_eq!(ids(&second, "sessions"), [session_id.as_str()]);
    assert_eq!(second["sessions"][0]["state"], "published");
    assert_eq!(kinds(&second), ["document_published", "session_invited"]);
    assert_eq!(second["unread_notifications"], 2);
    for collection in [
        "attendance",
        "action_plans",
        "reflections",
        "reads",
        "tombstones",
    ] {
        assert_eq!(second[collection], json!([]), "{collection}");
    }

    // Nothing more: the same answer, cursor included, and a 304 for its ETag.
    let cursor = second["cursor"].as_str().unwrap();
    let third = app.sync(phone, &format!("?since={cursor}")).await;
    let etag = third.headers()["etag"].to_str().unwrap().to_owned();
    let third: Value = third.json().await.unwrap();
    assert_eq!(third["cursor"], second["cursor"]);
    assert_eq!(kinds(&third), Vec::<&str>::new());
    let not_modified = app
        .client
        .get(app.url(&format!("/api/v1/me/sync?since={cursor}")))
        .bearer_auth(phone)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status().as_u16(), 304);

    // The cell secretary sends an apology; the day before, the reminder reaches the member
    // and not them.
    let apology = app
        .answer_session(
            &world.cell_secretary.access_token,
            &session_id,
            json!({"response": "apology", "reason": "Họp ở quận"}),
        )
        .await;
    assert_eq!(apology.status().as_u16(), 200);
    let (raised, _) = remind_at(&app, starts - TimeDelta::hours(20)).await;
    assert_eq!(raised, 1);
    let fourth = synced(&app, phone, Some(cursor)).await;
    assert_eq!(kinds(&fourth), ["session_reminder"]);
    assert_eq!(fourth["notifications"][0]["object_id"], session_id.as_str());
    let apologised = synced(&app, &world.cell_secretary.access_token, None).await;
    assert!(
        !kinds(&apologised).contains(&"session_reminder"),
        "{apologised}"
    );

    // Its own work syncs too: a plan written on another device, a notification read there,
    // the resolution studied there.
    let plan = plan_of(&app, phone, &document).await;
    assert_eq!(
        app.get_document(phone, &document_id)
            .await
            .status()
            .as_u16(),
        200
    );
    let studied = app
        .acknowledge_document(phone, &document_id, json!({}))
        .await;
    assert_eq!(studied.status().as_u16(), 200);
    let reminder = fourth["notifications"][0]["id"].as_str().unwrap();
    assert_eq!(
        app.read_notification(phone, reminder)
            .await
            .status()
            .as_u16(),
        200
    );
    let fifth = synced(&app, phone, fourth["cursor"].as_str()).await;
    assert_eq!(ids(&fifth, "action_plans"), [plan]);
    assert_eq!(fifth["reads"].as_array().unwrap().len(), 1);
    assert_eq!(fifth["reads"][0]["document_id"], document_id.as_str());
    assert!(fifth["reads"][0]["acknowledged_at"].is_string());
    assert_eq!(kinds(&fifth), ["session_reminder"]);
    assert!(fifth["notifications"][0]["read_at"].is_string());
    assert_eq!(fifth["unread_notifications"], 2);

    // The card: issued, verified offline with the published key alone, refused online once
    // the member is suspended.
    let card: Value = app.my_card(phone).await.json().await.unwrap();
    let credential = card["credential"].as_str().unwrap();
    let keys: Value = app.card_keys().await.json().await.unwrap();
    assert!(verify_offline(&keys, credential).is_some());
    let suspended = app
        .update_member(
            &world.admin.access_token,
            &world.member_a1.member_id,
            json!({"activity_status": "suspended"}),
        )
        .await;
    assert_eq!(suspended.status().as_u16(), 200);
    let checked: Value = app
        .verify_card(&world.cell_secretary.access_token, credential)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(checked["result"], "revoked");
}

async fn a_sync_pages_drops_what_is_withdrawn_and_starts_over_after_a_move(backend: Backend) {
    let app = one_node(backend).await;
    let world = World::build(&app).await;
    let phone = &world.member_a1.access_token;
    let secretary = &world.ward_secretary.access_token;
    let mut sessions = Vec::new();
    for day in 1..=3 {
        let starts = Utc::now() + TimeDelta::days(day);
        let created = app
            .created_session(
                secretary,
                json!({
                    "kind": "thematic", "title": format!("Chuyên đề {day}"), "host_org_id": world.ward_a,
                    "invited_org_ids": [world.cell_a1], "mode": "in_person", "location": "Nhà văn hoá",
                    "starts_at": starts, "ends_at": starts + TimeDelta::hours(1),
                }),
            )
            .await;
        let id = created["id"].as_str().unwrap().to_owned();
        let published = app
            .update_session(secretary, &id, json!({"state": "published"}))
            .await;
        assert_eq!(published.status().as_u16(), 200);
        sessions.push(id);
    }

    // Pages of two: the first two sessions, then the third; one round, one cursor chain.
    let page_one: Value = app.sync(phone, "?limit=2").await.json().await.unwrap();
    assert_eq!(page_one["has_more"], true);
    assert_eq!(page_one["reset"], true);
    assert_eq!(ids(&page_one, "sessions"), sessions[..2]);
    let page_two: Value = app
        .sync(
            phone,
            &format!("?limit=2&since={}", page_one["cursor"].as_str().unwrap()),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page_two["has_more"], false);
    assert_eq!(page_two["reset"], true, "still the first round");
    assert_eq!(ids(&page_two, "sessions"), sessions[2..]);
    assert_eq!(page_two["notifications"].as_array().unwrap().len(), 1);
    let cursor = page_two["cursor"].as_str().unwrap().to_owned();

    // The first session now invites cell A2 only: cell A1's phones drop it.
    let moved = app
        .update_session(
            secretary,
            &sessions[0],
            json!({"invited_org_ids": [world.cell_a2]}),
        )
        .await;
    assert_eq!(moved.status().as_u16(), 200);
    let after: Value = synced(&app, phone, Some(&cursor)).await;
    assert_eq!(
        after["tombstones"],
        json!([{"object_type": "session", "id": sessions[0]}])
    );
    assert_eq!(after["sessions"], json!([]));

    // Another member's cursor, or none of ours, is refused.
    let refused = problem(
        app.sync(&world.member_a2.access_token, &format!("?since={cursor}"))
            .await,
        422,
    )
    .await;
    assert_eq!(refused["errors"][0]["code"], "foreign_cursor");
    for junk in ["e30", "bm90LWEtY3Vyc29y", "%20"] {
        let response = app.sync(phone, &format!("?since={junk}")).await;
        assert_eq!(response.status().as_u16(), 422, "{junk}");
    }
    problem(app.sync(phone, "?limit=0").await, 422).await;

    // Moved to cell A2: the next sync starts over with what reaches them now.
    let moved = app
        .update_member(
            &world.admin.access_token,
            &world.member_a1.member_id,
            json!({"org_id": world.cell_a2}),
        )
        .await;
    assert_eq!(moved.status().as_u16(), 200);
    let over: Value = synced(&app, phone, after["cursor"].as_str()).await;
    assert_eq!(over["reset"], true);
    assert_eq!(ids(&over, "sessions"), [sessions[0].clone()]);
}
