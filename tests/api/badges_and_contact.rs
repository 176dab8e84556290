//! What a phone shows without paging through everything (badge counts), and what a person
//! needs to recognise or reach a colleague (the cell's name, a pending reader's phone).

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp};
use crate::world::World;

on_every_backend!(
    me_counts_unread_and_required_unacknowledged_documents,
    a_colleague_is_shown_with_the_name_of_their_cell,
    pending_readers_carry_their_cell_name_and_phone_for_their_managers,
);

async fn badges(app: &TestApp, token: &str) -> (i64, i64) {
    let me: Value = app.get_me(token).await.json().await.unwrap();
    let documents = &me["documents"];
    (
        documents["unread"].as_i64().unwrap(),
        documents["required_unacknowledged"].as_i64().unwrap(),
    )
}

async fn new_document(app: &TestApp, token: &str, org: &str, code: &str) -> String {
    let body = json!({"org_id": org, "kind": "notice", "code": code,
                      "title": format!("Thông báo {code}"), "issuer": "Đảng ủy phường"});
    let created = app.created_document(token, body).await;
    created["id"].as_str().unwrap().to_owned()
}

async fn publish(app: &TestApp, token: &str, id: &str, org: &str, required: bool) {
    let response = app
        .publish_document(token, id, json!({"org_ids": [org], "required": required}))
        .await;
    assert_eq!(response.status().as_u16(), 200);
}

async fn me_counts_unread_and_required_unacknowledged_documents(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    assert_eq!(badges(&app, member).await, (0, 0));

    let required = new_document(&app, secretary, &world.ward_a, "01-TB/ĐU").await;
    let optional = new_document(&app, secretary, &world.ward_a, "02-TB/ĐU").await;
    let _draft = new_document(&app, secretary, &world.ward_a, "03-TB/ĐU").await;
    let elsewhere = new_document(&app, secretary, &world.cell_a2, "04-TB/ĐU").await;
    publish(&app, secretary, &required, &world.ward_a, true).await;
    publish(&app, secretary, &optional, &world.ward_a, false).await;
    publish(&app, secretary, &elsewhere, &world.cell_a2, true).await;
    assert_eq!(
        badges(&app, member).await,
        (2, 1),
        "two published to the ward reach cell A1; the draft and cell A2's do not"
    );
    let unread: Value = app
        .list_documents(member, "?unread=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        unread["items"].as_array().unwrap().len(),
        2,
        "as the list says"
    );

    app.get_document(member, &required).await;
    assert_eq!(
        badges(&app, member).await,
        (1, 1),
        "opened is not acknowledged"
    );
    let acknowledged = app.acknowledge_document(member, &required, json!({})).await;
    assert_eq!(acknowledged.status().as_u16(), 200);
    assert_eq!(badges(&app, member).await, (1, 0));

    // A new version asks again: unread and unacknowledged once more.
    let edited = app
        .update_document(
            secretary,
            &required,
            json!({"title": "Thông báo 01 (sửa đổi)"}),
        )
        .await;
    assert_eq!(edited.status().as_u16(), 200);
    assert_eq!(badges(&app, member).await, (2, 1));
}

async fn a_colleague_is_shown_with_the_name_of_their_cell(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1.access_token;
    let colleague: Value = app
        .get_member(member, &world.colleague_a1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(colleague["visibility"], "basic");
    assert_eq!(colleague["org_name"], "Chi bộ A1");
    assert!(colleague.get("phone").is_none(), "{colleague}");

    let cell: Value = app
        .list_members(member, &format!("?org_id={}", world.cell_a1))
        .await
        .json()
        .await
        .unwrap();
    for listed in cell["items"].as_array().unwrap() {
        assert_eq!(listed["org_name"], "Chi bộ A1", "{listed}");
    }
    let me: Value = app.get_me(member).await.json().await.unwrap();
    assert_eq!(me["member"]["org_name"], "Chi bộ A1");

    // A visitor (sinh hoạt tạm thời) is named with the cell they share with the caller; their
    // home cell is another ward's, which a member of A1 may not see: its name stays there.
    app.update_member(
        &world.admin.access_token,
        &world.other_b1,
        json!({"attached_org_id": world.cell_a1}),
    )
    .await;
    let visitor: Value = app
        .get_member(member, &world.other_b1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            visitor["org_name"].as_str(),
            visitor["attached_org_name"].as_str()
        ),
        (None, Some("Chi bộ A1"))
    );
    assert_eq!(visitor["org_id"], world.cell_b1.as_str());
    let seen_by_admin: Value = app
        .get_member(&world.admin.access_token, &world.other_b1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen_by_admin["org_name"], "Chi bộ B1");
}

async fn pending_readers_carry_their_cell_name_and_phone_for_their_managers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let id = new_document(&app, secretary, &world.ward_a, "05-TB/ĐU").await;
    publish(&app, secretary, &id, &world.ward_a, true).await;

    let by_cell = format!("?org_id={}", world.cell_a2);
    let report: Value = app
        .document_readership(secretary, &id, &by_cell)
        .await
        .json()
        .await
        .unwrap();
    let pending = report["pending"].as_array().unwrap();
    assert_eq!(pending.len(), 2, "{report}");
    for reader in pending {
        assert_eq!(reader["org_name"], "Chi bộ A2");
        let card = reader["card_number"].as_str().unwrap();
        // The fixtures give each member the phone 09 + the last eight digits of the card.
        assert_eq!(
            reader["phone"].as_str(),
            Some(format!("09{}", &card[card.len() - 8..]).as_str())
        );
    }

    let csv = app.document_readership_csv(secretary, &id, &by_cell).await;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}card_number,full_name,cell_code,cell_name,phone,opened")
    );
    assert!(lines.all(|line| line.contains(",A2,Chi bộ A2,09")), "{csv}");
}
