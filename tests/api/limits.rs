//! Abuse limits: every input is bounded, the bound is in the OpenAPI document, and going past
//! it is a problem+json answer that changes nothing.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    list_pages_hold_at_most_one_hundred_items,
    a_json_body_over_256_kib_is_refused_whole,
    strings_longer_than_documented_are_refused,
    an_import_takes_at_most_twenty_thousand_rows_and_eight_mib,
    an_import_report_lists_the_first_thousand_problems,
    the_organisation_tree_is_at_most_twelve_levels_deep,
    a_member_holds_at_most_twenty_positions_at_once,
    a_problem_never_echoes_more_than_2048_characters_of_the_path,
    a_published_document_keeps_at_most_two_hundred_versions,
);

async fn import(app: &TestApp, token: &str, csv: String, dry_run: bool) -> reqwest::Response {
    app.import_members(token, &format!("?dry_run={dry_run}"), csv)
        .await
}

/// A page of the list `name` (`members`, `orgs` or `audit`), `query` empty or from `?` on.
async fn list(app: &TestApp, token: &str, name: &str, query: &str) -> reqwest::Response {
    match name {
        "members" => app.list_members(token, query).await,
        "orgs" => app.list_orgs(token, query).await,
        "audit" => app.list_audit_events(token, query).await,
        _ => panic!("no list {name}"),
    }
}

/// More than a hundred of each, so that the cap is what stops a page.
async fn list_pages_hold_at_most_one_hundred_items(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.admin.access_token;
    let mut csv = String::from("card_number,full_name,party_status,cell_code\n");
    for n in 0..110 {
        csv.push_str(&format!("7960{n:04},Thành Viên Thử,official,A1\n"));
    }
    let imported: Value = import(&app, token, csv, false).await.json().await.unwrap();
    assert_eq!(imported["created"], 110, "{imported}");
    for n in 0..100 {
        let body = serde_json::json!({"name": format!("Tổ đảng {n}"), "kind": "party_group",
                                      "parent_id": world.cell_a1, "code": format!("TD-{n}")});
        app.created_org(token, body).await;
    }
    for name in ["members", "orgs", "audit"] {
        let refused = problem(list(&app, token, name, "?limit=101").await, 422).await;
        assert_eq!(refused["errors"][0]["field"], "limit", "{name}");
        let page: Value = list(&app, token, name, "?limit=100")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 100, "{name}");
        let cursor = page["next_cursor"].as_str().expect("more than one page");
        let rest: Value = list(&app, token, name, &format!("?limit=100&cursor={cursor}"))
            .await
            .json()
            .await
            .unwrap();
        assert!(!rest["items"].as_array().unwrap().is_empty(), "{name}");
    }
}

async fn a_json_body_over_256_kib_is_refused_whole(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let body = json!({
        "name": "x".repeat(256 * 1024), "kind": "cell", "parent_id": world.ward_a, "code": "BIG"
    });
    let refused = problem(app.create_org(&world.admin.access_token, body).await, 413).await;
    assert_eq!(refused["code"], "payload_too_large");
    let found: Value = app
        .list_orgs(&world.admin.access_token, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|org| org["code"] == "BIG")
    );
}

async fn strings_longer_than_documented_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.admin.access_token;
    let cases = [
        (
            json!({"full_name": "A".repeat(101)}),
            "full_name",
            "too_long",
        ),
        (
            json!({"phone": "0912 345 678          "}),
            "phone",
            "invalid_format",
        ),
    ];
    let colleague = &world.colleague_a1;
    let before: Value = app.get_member(token, colleague).await.json().await.unwrap();
    for (body, field, code) in cases {
        let refused = problem(app.update_member(token, colleague, body).await, 422).await;
        assert_eq!(refused["errors"][0]["field"], field);
        assert_eq!(refused["errors"][0]["code"], code);
    }
    let after: Value = app.get_member(token, colleague).await.json().await.unwrap();
    assert_eq!(before, after, "nothing changed");
    let login = app.login(&"7".repeat(65), "whatever it is").await;
    assert_eq!(problem(login, 422).await["errors"][0]["field"], "login");
}

async fn an_import_takes_at_most_twenty_thousand_rows_and_eight_mib(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.admin.access_token;
    let mut csv = String::from("card_number,full_name,party_status,cell_code\n");
    for n in 0..20_001 {
        csv.push_str(&format!("{},Lý Văn Ba,official,A1\n", 80_000_000 + n));
    }
    // Refused whole even on a dry run: the file is not read past the limit.
    let refused = problem(import(&app, token, csv, true).await, 422).await;
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("20000"),
        "{refused}"
    );

    let mut huge = String::from("card_number,full_name,party_status,cell_code\n");
    while huge.len() <= 8 * 1024 * 1024 {
        huge.push_str(&format!(
            "8{:07},{},official,A1\n",
            huge.len() % 10_000_000,
            "A".repeat(90)
        ));
    }
    let refused = problem(import(&app, token, huge, false).await, 413).await;
    assert_eq!(refused["code"], "payload_too_large");
}

async fn an_import_report_lists_the_first_thousand_problems(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let mut csv = String::from("card_number,full_name,party_status,cell_code\n");
    for n in 0..1_200 {
        csv.push_str(&format!(
            "{},Lý Văn Ba,official,NO-SUCH-CELL\n",
            81_000_000 + n
        ));
    }
    let report: Value = import(&app, &world.admin.access_token, csv, true)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["rows"], 1_200);
    assert_eq!(report["errors"].as_array().unwrap().len(), 1_000);
    assert_eq!(report["errors_truncated"], true);
    assert_eq!(
        report["errors"][0]["line"], 2,
        "the first problems, in line order"
    );
}

async fn the_organisation_tree_is_at_most_twelve_levels_deep(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.admin.access_token;
    // The root is level 1 and ward A level 2: ten more committees reach level 12.
    let mut parent = world.ward_a.clone();
    for level in 3..=12 {
        let body = json!({"name": format!("Cấp {level}"), "kind": "committee", "parent_id": parent, "code": format!("L{level}")});
        parent = app.created_org(token, body).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
    }
    let too_deep =
        json!({"name": "Cấp 13", "kind": "committee", "parent_id": parent, "code": "L13"});
    let refused = problem(app.create_org(token, too_deep).await, 422).await;
    assert_eq!(refused["errors"][0]["code"], "too_deep");

    // Cell B1 cannot move under level 12 either: it would be level 13.
    let moved = app
        .update_org(token, &world.cell_b1, json!({"parent_id": parent}))
        .await;
    assert_eq!(problem(moved, 422).await["errors"][0]["code"], "too_deep");
    let cell_b1: Value = app
        .get_org(token, &world.cell_b1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        cell_b1["ancestor_ids"].as_array().unwrap().len(),
        2,
        "not moved"
    );
}

async fn a_member_holds_at_most_twenty_positions_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.admin.access_token;
    let member = &world.other_a2;
    for _ in 0..20 {
        app.created_position(
            token,
            member,
            json!({"org_id": world.cell_a2, "role": "committee_member"}),
        )
        .await;
    }
    let refused = problem(
        app.create_position(
            token,
            member,
            json!({"org_id": world.cell_a2, "role": "committee_member"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(refused["errors"][0]["code"], "too_many_positions");
    let held: Value = app
        .list_member_positions(token, member)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(held.as_array().unwrap().len(), 20);
}

async fn a_problem_never_echoes_more_than_2048_characters_of_the_path(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let long = format!("/api/v1/{}", "x".repeat(4_000));
    let body = problem(app.get(&long).await, 404).await;
    assert_eq!(body["instance"].as_str().unwrap().chars().count(), 2_048);
}

async fn a_published_document_keeps_at_most_two_hundred_versions(backend: Backend) {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let created = app
        .created_document(
            secretary,
            json!({"org_id": world.ward_a, "kind": "directive", "code": "50-CT/TW",
                "title": "Chỉ thị 50", "issuer": "Ban Chấp hành Trung ương"}),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let published = app
        .publish_document(secretary, id, json!({"org_ids": [world.ward_a]}))
        .await;
    assert_eq!(published.status(), 200);
    // 199 edits through the API would only slow the test: the version number is what counts.
    let mut connection = app.database.connect();
    let skip_ahead = format!("UPDATE documents SET version = 199 WHERE id = '{id}'");
    tokio::task::spawn_blocking(move || {
        diesel::sql_query(skip_ahead)
            .execute(&mut connection)
            .unwrap()
    })
    .await
    .unwrap();

    let last = app
        .update_document(secretary, id, json!({"title": "Chỉ thị 50, bản 200"}))
        .await;
    assert_eq!(last.status(), 200);
    let refused = problem(
        app.update_document(secretary, id, json!({"title": "Chỉ thị 50, bản 201"}))
            .await,
        409,
    )
    .await;
    assert_eq!(refused["code"], "too_many_versions");
    let kept: Value = app.get_document(secretary, id).await.json().await.unwrap();
    assert_eq!(
        (kept["version"].clone(), kept["title"].clone()),
        (json!(200), json!("Chỉ thị 50, bản 200"))
    );
}
