use serde_json::{Value, json};

use crate::endpoints::paths;
use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    colleagues_see_names_and_cells_but_not_sensitive_details,
    a_new_member_is_checked_field_by_field,
    card_numbers_and_phones_are_unique,
    search_ignores_diacritics_and_case,
    changes_are_in_the_audit_trail_of_the_subtree_only,
    moving_a_member_keeps_their_membership_history,
);

async fn colleagues_see_names_and_cells_but_not_sensitive_details(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let as_colleague: Value = app
        .get_member(&world.member_a1.access_token, &world.colleague_a1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(as_colleague["visibility"], "basic");
    assert_eq!(as_colleague["full_name"], "Vũ Văn Cường");
    assert_eq!(as_colleague["org_id"], world.cell_a1.as_str());
    for hidden in ["citizen_id", "date_of_birth", "phone", "card_number"] {
        assert!(
            as_colleague.get(hidden).is_none(),
            "{hidden} leaked: {as_colleague}"
        );
    }
    let as_manager: Value = app
        .get_member(&world.cell_secretary.access_token, &world.colleague_a1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(as_manager["visibility"], "full");
    assert_eq!(as_manager["citizen_id"], "046079000005");
    assert_eq!(as_manager["date_of_birth"], "1980-01-15");

    let listed: Value = app
        .list_members(&world.member_a1.access_token, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 4, "the four members of cell A1: {listed}");
    assert!(
        items
            .iter()
            .all(|item| item["org_id"] == world.cell_a1.as_str())
    );
    assert!(
        items
            .iter()
            .filter(|item| item["id"] != world.member_a1.member_id.as_str())
            .all(|item| item.get("citizen_id").is_none())
    );
}

async fn a_new_member_is_checked_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let body = json!({
        "card_number": "12", "full_name": "Nguyễn 3", "gender": "x", "phone": "123",
        "citizen_id": "12ab", "party_status": "member", "org_id": world.cell_a1,
        "date_of_birth": "2010-01-01", "joined_on": "2020-01-01", "temporary_password": "password",
    });
    let refused = problem(
        app.create_member(&world.cell_secretary.access_token, body)
            .await,
        422,
    )
    .await;
    let mut fields: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "card_number",
            "citizen_id",
            "full_name",
            "gender",
            "joined_on",
            "party_status",
            "phone",
            "temporary_password"
        ]
    );

    let into_committee = json!({"card_number": "79111111", "full_name": "Ngô Văn Hải", "party_status": "official", "org_id": world.ward_a});
    let refused = problem(
        app.create_member(&world.ward_secretary.access_token, into_committee)
            .await,
        422,
    )
    .await;
    assert_eq!(refused["errors"][0]["code"], "not_a_cell");

    let created = app.create_member(&world.cell_secretary.access_token, json!({"card_number": "79111112", "full_name": "Ngô Văn Hải", "party_status": "probationary", "org_id": world.cell_a1})).await;
    assert_eq!(created.status().as_u16(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let created: Value = created.json().await.unwrap();
    assert_eq!(location, paths::member(created["id"].as_str().unwrap()));
    assert_eq!(created["activity_status"], "active");
}

async fn card_numbers_and_phones_are_unique(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.cell_secretary.access_token;
    let again = json!({"card_number": "79000003", "full_name": "Trùng Thẻ", "party_status": "official", "org_id": world.cell_a1});
    assert_eq!(
        problem(app.create_member(token, again).await, 409).await["code"],
        "card_number_taken"
    );
    let phone = app
        .update_member(token, &world.colleague_a1, json!({"phone": "0979000003"}))
        .await;
    assert_eq!(problem(phone, 409).await["code"], "phone_taken");
}

async fn search_ignores_diacritics_and_case(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let found: Value = app
        .list_members(&world.admin.access_token, "?q=VU%20VAN%20cuong")
        .await
        .json()
        .await
        .unwrap();
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{found}");
    assert_eq!(items[0]["id"], world.colleague_a1.as_str());
    let by_card: Value = app
        .list_members(&world.admin.access_token, "?q=79000007")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_card["items"][0]["id"], world.other_b1.as_str());
    let literal: Value = app
        .list_members(&world.admin.access_token, "?q=%25")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        literal["items"].as_array().unwrap().is_empty(),
        "% is matched literally"
    );
}

async fn changes_are_in_the_audit_trail_of_the_subtree_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    assert_eq!(
        app.update_member(
            &world.cell_secretary.access_token,
            &world.colleague_a1,
            json!({"activity_status": "exempt"})
        )
        .await
        .status()
        .as_u16(),
        200
    );

    let trail: Value = app
        .list_audit_events(&world.ward_secretary.access_token, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let events = trail["items"].as_array().unwrap();
    let update = events
        .iter()
        .find(|event| {
            event["action"] == "member.updated" && event["object_id"] == world.colleague_a1.as_str()
        })
        .expect("the update is audited");
    assert_eq!(update["actor_id"], world.cell_secretary.member_id.as_str());
    assert_eq!(update["details"]["before"]["activity_status"], "active");
    assert_eq!(update["details"]["after"]["activity_status"], "exempt");
    assert!(update["request_id"].as_str().is_some());
    assert!(
        events
            .iter()
            .all(|event| event["org_id"] != world.cell_b1.as_str()),
        "nothing from ward B"
    );
    assert!(
        !trail.to_string().contains("argon2"),
        "no password hash in the trail"
    );

    let admin: Value = app
        .list_audit_events(&world.admin.access_token, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        admin["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|event| event["object_id"] == world.other_b1.as_str())
    );
}

async fn moving_a_member_keeps_their_membership_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let moved = app
        .update_member(
            &world.ward_secretary.access_token,
            &world.colleague_a1,
            json!({"org_id": world.cell_a2}),
        )
        .await;
    assert_eq!(moved.status().as_u16(), 200);
    assert_eq!(
        moved.json::<Value>().await.unwrap()["org_id"],
        world.cell_a2.as_str()
    );
    // Cell A1's secretary no longer manages nor sees them.
    problem(
        app.get_member(&world.cell_secretary.access_token, &world.colleague_a1)
            .await,
        404,
    )
    .await;

    // Attached temporarily back to A1: A1's secretary sees them in full again.
    let attached = app
        .update_member(
            &world.ward_secretary.access_token,
            &world.colleague_a1,
            json!({"attached_org_id": world.cell_a1}),
        )
        .await;
    assert_eq!(attached.status().as_u16(), 200);
    let seen: Value = app
        .get_member(&world.cell_secretary.access_token, &world.colleague_a1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["visibility"], "full");
    assert_eq!(seen["attached_org_id"], world.cell_a1.as_str());

    let history = app.database.connect();
    let member_id = world.colleague_a1.clone();
    let rows = tokio::task::spawn_blocking(move || {
        let mut connection = history;
        sotay_persistence::members::memberships_of(&mut connection, &member_id).unwrap()
    })
    .await
    .unwrap();
    let summary: Vec<(String, bool)> = rows
        .iter()
        .map(|row| (row.kind.clone(), row.until_date.is_some()))
        .collect();
    assert_eq!(
        summary,
        [
            ("home".to_owned(), true),
            ("home".to_owned(), false),
            ("temporary".to_owned(), false)
        ]
    );
}
