use std::collections::HashSet;

use serde_json::Value;
use sotay_api::demo;

use crate::helpers::{Backend, TestApp};

on_every_backend!(the_demo_ward_tells_the_story_and_loads_once);

async fn the_demo_ward_tells_the_story_and_loads_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut connection = app.database.connect();
    let (first, second) = tokio::task::spawn_blocking(move || {
        let hash = sotay_api::auth_tools::hash_now(demo::DEMO_PASSWORD).unwrap();
        let first = demo::load(&mut connection, &hash).unwrap();
        let second = demo::load(&mut connection, &hash).unwrap();
        (first, second)
    })
    .await
    .unwrap();
    assert!(first.loaded_now);
    assert!(!second.loaded_now, "idempotent");
    assert_eq!(first.cells, 51);

    let secretary = app
        .session(demo::WARD_SECRETARY_CARD, demo::DEMO_PASSWORD)
        .await;
    let cells: Value = app
        .get_as("/api/v1/orgs?kind=cell&limit=100", &secretary.access_token)
        .await
        .json()
        .await
        .unwrap();
    let cells = cells["items"].as_array().unwrap();
    assert_eq!(cells.len(), 51, "the ward secretary sees every cell");
    let mut story_area = HashSet::new();
    for cell in cells
        .iter()
        .filter(|cell| cell["code"].as_str().unwrap().starts_with("HA-KV1-"))
    {
        let path = format!(
            "/api/v1/members?org_id={}&limit=100",
            cell["id"].as_str().unwrap()
        );
        let members: Value = app
            .get_as(&path, &secretary.access_token)
            .await
            .json()
            .await
            .unwrap();
        for member in members["items"].as_array().unwrap() {
            story_area.insert(member["id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(
        story_area.len(),
        121,
        "the story's area: 121 members, each once"
    );

    let member = app.session(demo::MEMBER_CARD, demo::DEMO_PASSWORD).await;
    let me: Value = app
        .get_as("/api/v1/me", &member.access_token)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        me["cell"]["code"]
            .as_str()
            .unwrap()
            .starts_with("HA-KV1-TDP")
    );
    let exempt: Value = app
        .get_as(
            "/api/v1/members?status=exempt&limit=100",
            &secretary.access_token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !exempt["items"].as_array().unwrap().is_empty(),
        "some members are exempt"
    );
}
