//! The library's lists: search, filters, what is required of the caller.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::congress_resolution;

on_every_backend!(
    search_ignores_diacritics_and_case_and_lists_filter,
    required_lists_only_what_is_asked_of_the_caller,
);

async fn search_ignores_diacritics_and_case_and_lists_filter(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    app.created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    app.created_document(
        secretary,
        json!({"org_id": world.ward_a, "kind": "directive", "code": "50-CT/TW",
            "title": "Chỉ thị về đổi mới, nâng cao chất lượng sinh hoạt chi bộ",
            "issuer": "Ban Chấp hành Trung ương"}),
    )
    .await;
    let codes = |query: &'static str| {
        let app = &app;
        async move {
            let page: Value = app
                .list_documents(secretary, &format!("?{query}"))
                .await
                .json()
                .await
                .unwrap();
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(codes("q=nghi%20quyet%20dai%20hoi").await, ["01-NQ/ĐH"]);
    assert_eq!(
        codes("q=%C4%90%E1%BA%A0I%20H%E1%BB%98I").await,
        ["01-NQ/ĐH"],
        "ĐẠI HỘI"
    );
    assert_eq!(codes("q=sinh%20hoat%20chi%20bo").await, ["50-CT/TW"]);
    assert_eq!(codes("q=50-ct").await, ["50-CT/TW"]);
    assert_eq!(
        codes("q=100%25").await,
        Vec::<String>::new(),
        "% is no wildcard"
    );
    assert_eq!(codes("kind=directive").await, ["50-CT/TW"]);
    assert_eq!(codes("status=draft").await.len(), 2);
    assert_eq!(codes("updated_since=2999-01-01T00:00:00Z").await.len(), 0);
    problem(app.list_documents(secretary, "?kind=memo").await, 400).await;
}

async fn required_lists_only_what_is_asked_of_the_caller(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let publish = |document: Value, required: bool, org: &str| {
        let app = &app;
        let body = json!({"org_ids": [org], "required": required});
        async move {
            let created = app.created_document(secretary, document).await;
            let id = created["id"].as_str().unwrap();
            let published = app.publish_document(secretary, id, body).await;
            assert_eq!(published.status(), 200);
            created["code"].as_str().unwrap().to_owned()
        }
    };
    let resolution = publish(congress_resolution(&world.ward_a), true, &world.ward_a).await;
    publish(
        json!({"org_id": world.ward_a, "kind": "directive", "code": "50-CT/TW",
            "title": "Chỉ thị về sinh hoạt chi bộ", "issuer": "Ban Chấp hành Trung ương"}),
        false,
        &world.ward_a,
    )
    .await;
    publish(
        json!({"org_id": world.ward_a, "kind": "guidance", "code": "42-HD/BTCTW",
            "title": "Hướng dẫn cho chi bộ A2", "issuer": "Ban Tổ chức Trung ương"}),
        true,
        &world.cell_a2,
    )
    .await;
    let required: Value = app
        .list_documents(member, "?required=true")
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = required["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // The directive is published but optional; the guidance is required of cell A2 only.
    assert_eq!(codes, [resolution.as_str()]);
    let all: Value = app.list_documents(member, "").await.json().await.unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
}
