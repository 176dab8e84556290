//! Versions: a change to a published document makes one, old ones stay readable, archiving is
//! final.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::congress_resolution;

on_every_backend!(
    a_new_version_keeps_structure_ids_and_asks_readers_again,
    old_versions_stay_readable_and_archived_documents_are_final,
);

async fn a_new_version_keeps_structure_ids_and_asks_readers_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let id = created["id"].as_str().unwrap();
    let published = app
        .publish_document(secretary, id, json!({"org_ids": [world.ward_a]}))
        .await;
    assert_eq!(published.status().as_u16(), 200);
    let opened: Value = app.get_document(member, id).await.json().await.unwrap();
    assert_eq!(
        (opened["version"].as_i64(), opened["opened"].as_bool()),
        (Some(1), Some(true))
    );
    let acknowledged: Value = app
        .acknowledge_document(member, id, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(acknowledged["acknowledged"], true);

    // An edit that changes nothing makes no version and asks nobody again.
    let unchanged: Value = app
        .update_document(secretary, id, json!({"title": created["title"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["version"], 1);
    let still: Value = app.get_document(member, id).await.json().await.unwrap();
    assert_eq!(still["acknowledged"], true, "nothing new to study");

    let mut structure = created["structure"].clone();
    structure["programs"][1]["title"] = json!("Chương trình chỉnh trang đô thị văn minh");
    structure["programs"]
        .as_array_mut()
        .unwrap()
        .push(json!({"title": "Chương trình an sinh xã hội"}));
    let edited: Value = app
        .update_document(secretary, id, json!({"structure": structure}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited["version"], 2);
    let ids = |document: &Value| -> Vec<String> {
        document["structure"]["programs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (before, after) = (ids(&created), ids(&edited));
    assert_eq!(after[..2], before[..], "kept items keep their ids");
    assert_eq!(after.len(), 3);
    assert_eq!(
        edited["structure"]["targets"][0]["id"],
        created["structure"]["targets"][0]["id"]
    );

    // The member's acknowledgement was for version 1: version 2 asks again.
    let listed: Value = app
        .list_documents(member, "?unread=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["version"], 2);
    assert_eq!(listed["items"][0]["acknowledged"], false);
    let stale = problem(
        app.acknowledge_document(member, id, json!({"version": 1}))
            .await,
        409,
    )
    .await;
    assert_eq!(stale["code"], "stale_version");
    app.get_document(member, id).await;
    let acknowledged: Value = app
        .acknowledge_document(member, id, json!({"version": 2}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(acknowledged["acknowledged"], true);

    // A change of the text alone asks again too.
    let retitled: Value = app
        .update_document(
            secretary,
            id,
            json!({"body": "# Mục tiêu\n\nXây dựng Đảng bộ trong sạch, vững mạnh toàn diện."}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(retitled["version"], 3);
    let unread: Value = app
        .list_documents(member, "?unread=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unread["items"][0]["version"], 3);
    assert_eq!(unread["items"][0]["acknowledged"], false);
    let reopened: Value = app.get_document(member, id).await.json().await.unwrap();
    assert_eq!(
        (
            reopened["opened"].as_bool(),
            reopened["acknowledged"].as_bool()
        ),
        (Some(true), Some(false))
    );

    // The trail names the new version.
    let audit: Value = app
        .list_audit_events(secretary, "")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"document.versioned"), "{actions:?}");
    assert!(actions.contains(&"document.published"), "{actions:?}");
}

async fn old_versions_stay_readable_and_archived_documents_are_final(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let id = created["id"].as_str().unwrap();
    let versions: Value = app
        .list_document_versions(secretary, id)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        versions["items"].as_array().unwrap().is_empty(),
        "a draft has no versions yet"
    );
    app.publish_document(secretary, id, json!({"org_ids": [world.ward_a]}))
        .await;
    app.update_document(secretary, id, json!({"title": "Nghị quyết (bản sửa)"}))
        .await;

    let versions: Value = app
        .list_document_versions(member, id)
        .await
        .json()
        .await
        .unwrap();
    let numbers: Vec<i64> = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2]);
    let first: Value = app
        .get_document_version(member, id, 1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["title"], created["title"]);
    assert_eq!(
        first["structure"]["programs"][0]["id"],
        created["structure"]["programs"][0]["id"]
    );
    problem(app.get_document_version(member, id, 3).await, 404).await;

    // A cell's document reaches no further than the cell, even when its publisher manages more.
    let cell_notice = app
        .created_document(&world.cell_secretary.access_token,
            json!({"org_id": world.cell_a1, "kind": "notice", "code": "7-TB/CB", "title": "Thông báo", "issuer": "Chi ủy"}),
        )
        .await;
    let outside = app
        .publish_document(
            secretary,
            cell_notice["id"].as_str().unwrap(),
            json!({"org_ids": [world.ward_a]}),
        )
        .await;
    assert_eq!(
        problem(outside, 422).await["errors"][0]["code"],
        "outside_owner"
    );
    let unread: Value = app
        .list_documents(secretary, "?unread=true")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        unread["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "published"),
        "drafts are not waiting to be read"
    );

    problem(app.archive_document(member, id).await, 403).await;
    let archived: Value = app
        .archive_document(secretary, id)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(archived["status"], "archived");
    let edit = problem(
        app.update_document(secretary, id, json!({"title": "Không được"}))
            .await,
        409,
    )
    .await;
    assert_eq!(edit["code"], "archived");
    let publish = app
        .publish_document(secretary, id, json!({"org_ids": [world.ward_a]}))
        .await;
    assert_eq!(problem(publish, 409).await["code"], "archived");
    let read: Value = app.get_document(member, id).await.json().await.unwrap();
    assert_eq!(read["status"], "archived", "still readable");
}
