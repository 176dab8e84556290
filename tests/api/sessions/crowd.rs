//! The moment of truth: the story area's 121 members check in within the same second.

use std::collections::HashSet;

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};
use sotay_api::cli::demo;

use crate::helpers::{Backend, TestApp};

on_every_backend!(a_hall_of_members_checking_in_at_once_is_recorded_once_each);

async fn a_hall_of_members_checking_in_at_once_is_recorded_once_each(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut connection = app.database.connect();
    tokio::task::spawn_blocking(move || {
        let hash = sotay_api::auth_tools::hash_now(demo::DEMO_PASSWORD).unwrap();
        demo::load(&mut connection, &hash).unwrap();
    })
    .await
    .unwrap();
    let secretary = app
        .session(demo::WARD_SECRETARY_CARD, demo::DEMO_PASSWORD)
        .await
        .access_token;
    let cells: Value = app
        .list_orgs(&secretary, "?kind=cell&limit=100")
        .await
        .json()
        .await
        .unwrap();
    let area: Vec<String> = cells["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|cell| cell["code"].as_str().unwrap().starts_with("HA-KV1-"))
        .map(|cell| cell["id"].as_str().unwrap().to_owned())
        .collect();
    let ward = cells["items"][0]["parent_id"].as_str().unwrap().to_owned();
    let mut cards = HashSet::new();
    for cell in &area {
        let query = format!("?org_id={cell}&status=active&limit=100");
        let members: Value = app
            .list_members(&secretary, &query)
            .await
            .json()
            .await
            .unwrap();
        for member in members["items"].as_array().unwrap() {
            cards.insert(member["card_number"].as_str().unwrap().to_owned());
        }
    }
    let now = Utc::now();
    let created = app
        .created_session(
            &secretary,
            json!({
                "kind": "study_conference", "title": "Hội nghị học tập Nghị quyết", "host_org_id": ward,
                "invited_org_ids": area, "mode": "in_person",
                "starts_at": now - TimeDelta::minutes(5), "ends_at": now + TimeDelta::hours(3),
            }),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    app.update_session(&secretary, &id, json!({"state": "open"}))
        .await;
    let code: Value = app
        .check_in_code(&secretary, &id)
        .await
        .json()
        .await
        .unwrap();
    let token = code["qr_token"].as_str().unwrap().to_owned();
    let mut tokens = Vec::new();
    for card in &cards {
        tokens.push(app.session(card, demo::DEMO_PASSWORD).await.access_token);
    }

    let check_ins = tokens.iter().enumerate().map(|(n, member)| {
        let (app, id, body) = (
            &app,
            &id,
            json!({"qr_token": token, "client_id": format!("hall-{n}")}),
        );
        async move { app.check_in(member, id, body).await }
    });
    let responses = futures_util::future::join_all(check_ins).await;
    for response in responses {
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(r#""recorded":true"#), "{body}");
    }
    let roll: Value = app
        .session_roll(&secretary, &id)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        roll["counts"]["present"].as_u64().unwrap() as usize,
        cards.len()
    );
    assert_eq!(roll["counts"]["unrecorded"], 0);
}
