//! Check-ins scanned with no signal and synced later: the token, not the phone's clock, says
//! when; bad items are refused alone; resending, even all at once, records nothing twice.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::{hour_for_cell_a1, opened};

on_every_backend!(
    one_sync_with_two_scans_of_a_session_records_it_once,
    an_offline_scan_counts_at_the_tokens_time_whatever_the_phones_clock,
    a_resent_sync_answers_the_same_and_records_nothing_twice,
    a_sync_over_the_limit_or_not_an_array_is_refused_whole,
);

async fn an_offline_scan_counts_at_the_tokens_time_whatever_the_phones_clock(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let (id, token) = opened(&app, &world, hour_for_cell_a1(&world)).await;
    let (other, other_token) = opened(&app, &world, hour_for_cell_a1(&world)).await;

    // The secretary closes before the phone finds a signal: the member is marked absent.
    app.update_session(secretary, &id, json!({"state": "closed"}))
        .await;
    let items = json!([
        // A phone whose clock says 2019.
        {"session_id": id, "qr_token": token, "scanned_at": "2019-01-01T00:00:00Z", "client_id": "scan-1"},
        {"session_id": id, "qr_token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "client_id": "scan-2"},
        // Another session's token, presented for this one.
        {"session_id": id, "qr_token": other_token, "client_id": "scan-3"},
        "not an item",
        {"session_id": other, "client_id": "scan-5"},
    ]);
    let response = app.sync_check_ins(member, items).await;
    assert_eq!(response.status().as_u16(), 200);
    let synced: Value = response.json().await.unwrap();
    let results = synced["results"].as_array().unwrap();
    let statuses: Vec<u64> = results
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, vec![200, 422, 422, 422, 422]);
    let first = &results[0]["check_in"];
    assert_eq!(first["method"], "offline_qr");
    assert_eq!(first["recorded"], true);
    // Recorded at the token's step (seconds ago), not in 2019.
    let at: DateTime<Utc> = first["checked_in_at"].as_str().unwrap().parse().unwrap();
    let age = Utc::now() - at;
    assert!(age.num_seconds() >= 0 && age.num_seconds() < 120, "{at}");
    assert_eq!(results[1]["problem"]["errors"][0]["code"], "invalid_code");
    assert_eq!(results[2]["problem"]["errors"][0]["code"], "invalid_code");
    assert_eq!(results[3]["problem"]["errors"][0]["code"], "not_an_object");
    assert_eq!(results[4]["client_id"], "scan-5");

    // The scan replaced the absence closing recorded; the history keeps both.
    let seen: Value = app.get_session(member, &id).await.json().await.unwrap();
    assert_eq!(seen["my_attendance"]["status"], "present");
    let member_id = world.member_a1.member_id.as_str();
    let entry: Value = app
        .attendance_entry(secretary, &id, member_id)
        .await
        .json()
        .await
        .unwrap();
    let history: Vec<&str> = entry["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| change["method"].as_str().unwrap())
        .collect();
    assert_eq!(history, vec!["closing", "offline_qr"]);
}

async fn a_resent_sync_answers_the_same_and_records_nothing_twice(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1.access_token;
    let (id, token) = opened(&app, &world, hour_for_cell_a1(&world)).await;
    let items = json!([
        {"session_id": id, "qr_token": token, "scanned_at": "2025-09-09T00:41:12Z", "client_id": "scan-a"},
        {"session_id": id, "qr_token": "forged", "client_id": "scan-b"},
    ]);
    // The same sync five times at once (a phone retrying on a flaky network), then again.
    let sends = (0..5).map(|_| {
        let (app, items) = (&app, items.clone());
        async move {
            let response = app.sync_check_ins(member, items).await;
            assert_eq!(response.status().as_u16(), 200);
            response.json::<Value>().await.unwrap()
        }
    });
    let answers = futures_util::future::join_all(sends).await;
    assert!(
        answers.windows(2).all(|pair| pair[0] == pair[1]),
        "{answers:?}"
    );
    let again: Value = app
        .sync_check_ins(member, items)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, answers[0]);
    assert_eq!(again["results"][0]["check_in"]["recorded"], true);

    let secretary = &world.ward_secretary.access_token;
    let member_id = world.member_a1.member_id.as_str();
    let entry: Value = app
        .attendance_entry(secretary, &id, member_id)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(entry["history"].as_array().unwrap().len(), 1);

    // The same id for another check-in is refused.
    let reused = json!([{"session_id": id, "qr_token": "other", "client_id": "scan-a"}]);
    let reused: Value = app
        .sync_check_ins(member, reused)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reused["results"][0]["status"], 422);
    assert_eq!(
        reused["results"][0]["problem"]["errors"][0]["code"],
        "client_id_reused"
    );
}

async fn a_sync_over_the_limit_or_not_an_array_is_refused_whole(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1.access_token;
    let item = json!({"session_id": world.cell_a1, "qr_token": "x", "client_id": "c"});
    let too_many = Value::Array(vec![item; 501]);
    let refused = problem(app.sync_check_ins(member, too_many).await, 422).await;
    assert_eq!(refused["errors"][0]["code"], "too_many_items");
    let object = json!({"items": []});
    problem(app.sync_check_ins(member, object).await, 422).await;
    let empty: Value = app
        .sync_check_ins(member, json!([]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(empty["results"], json!([]));
}

async fn one_sync_with_two_scans_of_a_session_records_it_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1.access_token;
    let (id, token) = opened(&app, &world, hour_for_cell_a1(&world)).await;
    let (other, other_token) = opened(&app, &world, hour_for_cell_a1(&world)).await;
    let items = json!([
        {"session_id": id, "qr_token": token, "client_id": "twice-b"},
        {"session_id": id, "qr_token": token, "client_id": "twice-a"},
        // The same item sent twice in one sync, and its id reused for another scan.
        {"session_id": other, "qr_token": other_token, "client_id": "same"},
        {"session_id": other, "qr_token": other_token, "client_id": "same"},
        {"session_id": id, "qr_token": token, "client_id": "same"},
    ]);
    let synced: Value = app
        .sync_check_ins(member, items)
        .await
        .json()
        .await
        .unwrap();
    let results = synced["results"].as_array().unwrap();
    let recorded: Vec<Value> = results
        .iter()
        .map(|r| r["check_in"]["recorded"].clone())
        .collect();
    // Worked in client-id order: "twice-a" records the session, "twice-b" finds it recorded.
    assert_eq!(
        recorded[..4],
        [json!(false), json!(true), json!(true), json!(true)]
    );
    assert_eq!(results[2], results[3]);
    assert_eq!(
        results[4]["problem"]["errors"][0]["code"],
        "client_id_reused"
    );
}
