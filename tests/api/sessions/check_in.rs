//! A session from plan to close: published to the invited cell, answered, opened, checked
//! into with the rotating code (and resent safely), and closed.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::hour_for_cell_a1;

on_every_backend!(
    a_chair_who_has_moved_away_does_not_block_closing_the_session,
    a_session_is_planned_answered_checked_into_and_closed,
    concurrent_check_ins_of_one_member_leave_one_entry,
);

async fn a_session_is_planned_answered_checked_into_and_closed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let outsider = &world.member_a2.access_token;

    let mut backwards = hour_for_cell_a1(&world);
    backwards["ends_at"] = backwards["starts_at"].clone();
    let refused = problem(app.create_session(secretary, backwards).await, 422).await;
    assert_eq!(refused["errors"][0]["code"], "before_start");
    let by_member = app.create_session(member, hour_for_cell_a1(&world)).await;
    problem(by_member, 403).await;

    let created = app
        .created_session(secretary, hour_for_cell_a1(&world))
        .await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["state"], "draft");
    assert_eq!(created["warnings"][0]["code"], "shorter_than_guidance");
    problem(app.get_session(member, id).await, 404).await;

    let published = app
        .update_session(secretary, id, json!({"state": "published"}))
        .await;
    assert_eq!(published.status().as_u16(), 200);
    let seen: Value = app.get_session(member, id).await.json().await.unwrap();
    assert_eq!(
        (seen["expected"].clone(), seen["can_run"].clone()),
        (json!(true), json!(false))
    );
    problem(app.get_session(outsider, id).await, 404).await;
    let listed: Value = app.list_sessions(member, "").await.json().await.unwrap();
    assert_eq!(listed["items"][0]["id"], id);
    let none: Value = app.list_sessions(outsider, "").await.json().await.unwrap();
    assert!(none["items"].as_array().unwrap().is_empty());
    // Filtered by organisation (hosted or inviting there) and by start.
    for (query, listed) in [
        (format!("?org_id={}", world.cell_a1), 1),
        (format!("?org_id={}", world.cell_a2), 0),
        ("?from=2099-01-01T00:00:00Z".to_owned(), 0),
        ("?to=2099-01-01T00:00:00Z".to_owned(), 1),
    ] {
        let page: Value = app
            .list_sessions(secretary, &query)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), listed, "{query}");
    }

    // An apology says why; the colleague sends one.
    let colleague = crate::world::activate(&app, "79000005").await.access_token;
    let bare = app
        .answer_session(&colleague, id, json!({"response": "apology"}))
        .await;
    assert_eq!(problem(bare, 422).await["errors"][0]["field"], "reason");
    let apology = json!({"response": "apology", "reason": "Đi khám bệnh ở tỉnh"});
    let answered: Value = app
        .answer_session(&colleague, id, apology)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answered["my_rsvp"]["response"], "apology");

    // The code works once the session is open, for its managers only.
    problem(app.check_in_code(secretary, id).await, 409).await;
    app.update_session(secretary, id, json!({"state": "open"}))
        .await;
    problem(app.check_in_code(member, id).await, 403).await;
    let code: Value = app.check_in_code(secretary, id).await.json().await.unwrap();
    let token = code["qr_token"].as_str().unwrap();

    let body = json!({"qr_token": token, "client_id": "phone-1-checkin-1"});
    let first: Value = app
        .check_in(member, id, body.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (first["status"].clone(), first["recorded"].clone()),
        (json!("present"), json!(true))
    );
    // Resent: the first answer again; the same id for another code is refused.
    let again: Value = app.check_in(member, id, body).await.json().await.unwrap();
    assert_eq!(again, first);
    let reused = json!({"text_code": code["text_code"], "client_id": "phone-1-checkin-1"});
    let reused = problem(app.check_in(member, id, reused).await, 422).await;
    assert_eq!(reused["errors"][0]["code"], "client_id_reused");
    // A new id is a new request: answered, but nothing changes.
    let twice = json!({"text_code": code["text_code"], "client_id": "phone-1-checkin-2"});
    let twice: Value = app.check_in(member, id, twice).await.json().await.unwrap();
    assert_eq!(
        (twice["recorded"].clone(), twice["method"].clone()),
        (json!(false), json!("qr"))
    );
    let forged = json!({"qr_token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "client_id": "x-1"});
    let forged = problem(app.check_in(secretary, id, forged).await, 422).await;
    assert_eq!(forged["errors"][0]["code"], "invalid_code");
    let stranger = json!({"qr_token": token, "client_id": "x-2"});
    problem(app.check_in(outsider, id, stranger).await, 404).await;

    // Closing records the others: the apology excused with its reason.
    let closed = app
        .update_session(secretary, id, json!({"state": "closed"}))
        .await;
    assert_eq!(closed.status().as_u16(), 200);
    let seen: Value = app.get_session(&colleague, id).await.json().await.unwrap();
    assert_eq!(seen["my_attendance"]["status"], "absent_excused");
    assert_eq!(seen["my_attendance"]["reason"], "Đi khám bệnh ở tỉnh");
    let mine: Value = app.get_session(member, id).await.json().await.unwrap();
    assert_eq!(mine["my_attendance"]["status"], "present");
    let late = json!({"qr_token": token, "client_id": "phone-1-checkin-3"});
    problem(app.check_in(member, id, late).await, 409).await;
    let reopened = app
        .update_session(secretary, id, json!({"state": "open"}))
        .await;
    assert_eq!(problem(reopened, 409).await["code"], "state_backwards");
}

async fn concurrent_check_ins_of_one_member_leave_one_entry(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let created = app
        .created_session(secretary, hour_for_cell_a1(&world))
        .await;
    let id = created["id"].as_str().unwrap();
    app.update_session(secretary, id, json!({"state": "open"}))
        .await;
    let code: Value = app.check_in_code(secretary, id).await.json().await.unwrap();
    let token = code["qr_token"].as_str().unwrap();

    // A thousand at once: a double tap (one id, five hundred times) and five hundred phones
    // (an id each).
    let sends = (0..1000).map(|n| {
        let client_id = if n % 2 == 0 {
            "double-tap".to_owned()
        } else {
            format!("phone-{n}")
        };
        let body = json!({"qr_token": token, "client_id": client_id});
        let app = &app;
        async move { app.check_in(member, id, body).await }
    });
    let mut recorded = 0;
    let mut double_taps = Vec::new();
    for (n, response) in futures_util::future::join_all(sends)
        .await
        .into_iter()
        .enumerate()
    {
        assert_eq!(response.status().as_u16(), 200);
        let answer: Value = response.json().await.unwrap();
        if n % 2 == 0 {
            double_taps.push(answer.clone());
        }
        if answer["recorded"] == true && n % 2 == 1 {
            recorded += 1;
        }
    }
    assert!(double_taps.windows(2).all(|pair| pair[0] == pair[1]));
    let tap_recorded = usize::from(double_taps[0]["recorded"] == true);
    assert_eq!(
        recorded + tap_recorded,
        1,
        "exactly one request wrote the entry"
    );
    let seen: Value = app.get_session(member, id).await.json().await.unwrap();
    assert_eq!(seen["my_attendance"]["status"], "present");
    let entry: Value = app
        .attendance_entry(secretary, id, &world.member_a1.member_id)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        entry["history"].as_array().unwrap().len(),
        1,
        "one entry, written once"
    );
}

async fn a_chair_who_has_moved_away_does_not_block_closing_the_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let mut body = hour_for_cell_a1(&world);
    body["chair_id"] = json!(world.colleague_a1);
    let created = app.created_session(secretary, body).await;
    let id = created["id"].as_str().unwrap();
    // The chair moves to another ward, out of the secretary's sight.
    let admin = &world.admin.access_token;
    let moved = app
        .update_member(admin, &world.colleague_a1, json!({"org_id": world.cell_b1}))
        .await;
    assert_eq!(moved.status().as_u16(), 200);
    let closed: Value = app
        .update_session(secretary, id, json!({"state": "closed"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed["state"], "closed");
    assert_eq!(closed["chair_id"], world.colleague_a1.as_str());
    // Its details no longer change.
    let other = json!({"chair_id": world.other_b1});
    let refused = app.update_session(secretary, id, other).await;
    assert_eq!(problem(refused, 409).await["code"], "session_closed");
}
