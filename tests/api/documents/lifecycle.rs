//! A resolution from draft to acknowledgement, and conditional reads.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::congress_resolution;

on_every_backend!(
    a_resolution_is_drafted_published_read_and_acknowledged,
    a_document_answers_304_to_its_etag,
);

async fn a_resolution_is_drafted_published_read_and_acknowledged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;

    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    assert_eq!(created["status"], "draft");
    assert_eq!(created["code"], "01-NQ/ĐH");
    assert_eq!(
        created["structure"]["programs"].as_array().unwrap().len(),
        2
    );
    let id = created["id"].as_str().unwrap();

    // A draft is the managers' alone.
    problem(app.get_document(member, id).await, 404).await;
    let listed: Value = app.list_documents(member, "").await.json().await.unwrap();
    assert!(listed["items"].as_array().unwrap().is_empty());

    let published: Value = app
        .publish_document(
            secretary,
            id,
            json!({"org_ids": [world.ward_a], "required": true, "due_on": "2025-12-15"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["status"], "published");
    assert_eq!(
        published["distribution"][0]["org_id"],
        world.ward_a.as_str()
    );

    // The member sees it in the list, unread and required.
    let listed: Value = app
        .list_documents(member, "?unread=true")
        .await
        .json()
        .await
        .unwrap();
    let item = &listed["items"][0];
    assert_eq!(item["id"], created["id"]);
    assert_eq!(
        (item["required"].clone(), item["due_on"].clone()),
        (json!(true), json!("2025-12-15"))
    );
    assert_eq!(item["opened"], false);
    assert!(item.get("body").is_none(), "lists leave the body out");

    // Acknowledging before opening is refused; opening records the read.
    let early = problem(app.acknowledge_document(member, id, json!({})).await, 409).await;
    assert_eq!(early["code"], "not_opened");
    let read: Value = app.get_document(member, id).await.json().await.unwrap();
    assert_eq!(read["opened"], true);
    assert!(
        read.get("distribution").is_none(),
        "readers do not see the distribution"
    );
    let acknowledged: Value = app
        .acknowledge_document(member, id, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(acknowledged["acknowledged"], true);
    let unread: Value = app
        .list_documents(member, "?unread=true")
        .await
        .json()
        .await
        .unwrap();
    assert!(unread["items"].as_array().unwrap().is_empty());

    // Cell B1 lies in another ward: the resolution does not reach it.
    let outsider = crate::world::activate(&app, "79000007").await;
    problem(app.get_document(&outsider.access_token, id).await, 404).await;
}

async fn a_document_answers_304_to_its_etag(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let id = created["id"].as_str().unwrap();
    let first = app.get_document(secretary, id).await;
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app.get_document_if_none_match(secretary, id, &tag).await;
    assert_eq!(again.status().as_u16(), 304);
    app.update_document(secretary, id, json!({"summary": "Tóm tắt mới."}))
        .await;
    let changed = app.get_document_if_none_match(secretary, id, &tag).await;
    assert_eq!(changed.status().as_u16(), 200, "an edit changes the ETag");
}
