use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    moving_a_cell_takes_its_members_to_the_new_ward,
    the_tree_refuses_cycles_bad_parents_and_taken_codes,
    only_an_empty_organisation_can_be_deleted,
    members_see_the_chain_above_their_cell_and_managers_their_subtree,
);

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn moving_a_cell_takes_its_members_to_the_new_ward(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let ward_secretary = &world.ward_secretary.access_token;
    let before: Value = app
        .list_members(ward_secretary, &format!("?org_id={}", world.cell_a2))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&before).len(), 2);

    // The administrator moves cell A2 from ward A to ward B.
    let ward_b = app
        .get_org(&world.admin.access_token, &world.cell_b1)
        .await
        .json::<Value>()
        .await
        .unwrap()["parent_id"]
        .clone();
    let moved = app
        .update_org(
            &world.admin.access_token,
            &world.cell_a2,
            json!({"parent_id": ward_b}),
        )
        .await;
    assert_eq!(moved.status().as_u16(), 200);
    let moved: Value = moved.json().await.unwrap();
    assert_eq!(moved["parent_id"], ward_b);
    assert_eq!(moved["ancestor_ids"], json!([world.root, ward_b]));

    // Ward A's secretary no longer sees the cell nor its members; the members' own view moved too.
    problem(app.get_org(ward_secretary, &world.cell_a2).await, 404).await;
    problem(app.get_member(ward_secretary, &world.other_a2).await, 404).await;
    let all: Value = app
        .list_members(ward_secretary, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(!ids(&all).contains(&world.other_a2));
    let me: Value = app
        .get_me(&world.member_a2.access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["cell"]["ancestor_ids"], json!([world.root, ward_b]));
}

async fn the_tree_refuses_cycles_bad_parents_and_taken_codes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let admin = &world.admin.access_token;
    let ward_a = &world.ward_a;

    let cycle = app
        .update_org(admin, ward_a, json!({"parent_id": world.cell_a1}))
        .await;
    let cycle = problem(cycle, 422).await;
    assert_eq!(cycle["errors"][0]["code"], "cycle");

    let cell_in_cell = app.create_org(admin, json!({"name": "Chi bộ lạc chỗ", "kind": "cell", "parent_id": world.cell_a1, "code": "LOST"})).await;
    assert_eq!(
        problem(cell_in_cell, 422).await["errors"][0]["code"],
        "invalid_parent"
    );

    let taken = app
        .create_org(
            admin,
            json!({"name": "Chi bộ trùng mã", "kind": "cell", "parent_id": ward_a, "code": "a1"}),
        )
        .await;
    assert_eq!(problem(taken, 409).await["code"], "code_taken");

    let invalid = app
        .create_org(
            admin,
            json!({"name": " ", "kind": "district", "parent_id": ward_a, "code": "Mã có dấu"}),
        )
        .await;
    let invalid = problem(invalid, 422).await;
    let fields: Vec<&str> = invalid["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["name", "kind", "code"],
        "every broken field at once"
    );

    let top = app
        .create_org(
            &world.ward_secretary.access_token,
            json!({"name": "Đảng bộ khác", "kind": "committee", "code": "TOP2"}),
        )
        .await;
    assert_eq!(
        problem(top, 403).await["code"],
        "forbidden",
        "only administrators create top committees"
    );
}

async fn only_an_empty_organisation_can_be_deleted(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let created = app
        .created_org(
            token,
            json!({"name": "Chi bộ mới", "kind": "cell", "parent_id": world.ward_a, "code": "A3"}),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        problem(app.delete_org(token, &world.cell_a1).await, 409).await["code"],
        "org_not_empty"
    );
    let deleted = app.delete_org(token, id).await;
    assert_eq!(deleted.status().as_u16(), 204);
    problem(app.get_org(token, id).await, 404).await;
}

async fn members_see_the_chain_above_their_cell_and_managers_their_subtree(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member: Value = app
        .list_orgs(&world.member_a1.access_token, "")
        .await
        .json()
        .await
        .unwrap();
    let mut seen = ids(&member);
    seen.sort();
    let mut chain = vec![
        world.root.clone(),
        world.ward_a.clone(),
        world.cell_a1.clone(),
    ];
    chain.sort();
    assert_eq!(seen, chain);

    let secretary: Value = app
        .list_orgs(
            &world.ward_secretary.access_token,
            &format!("?within={}", world.ward_a),
        )
        .await
        .json()
        .await
        .unwrap();
    let mut seen = ids(&secretary);
    seen.sort();
    let mut subtree = vec![
        world.ward_a.clone(),
        world.cell_a1.clone(),
        world.cell_a2.clone(),
    ];
    subtree.sort();
    assert_eq!(seen, subtree);

    // Pages follow each other without gaps or repeats.
    let admin = &world.admin.access_token;
    let first: Value = app.list_orgs(admin, "?limit=2").await.json().await.unwrap();
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a second page")
        .to_owned();
    let second: Value = app
        .list_orgs(admin, &format!("?limit=100&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids(&first).len() + ids(&second).len(), 6);
    assert!(second["next_cursor"].is_null());
    assert_eq!(
        problem(app.list_orgs(admin, "?limit=101").await, 422).await["errors"][0]["field"],
        "limit"
    );
    assert_eq!(
        problem(app.list_orgs(admin, "?cursor=a%2Bb").await, 422).await["errors"][0]["field"],
        "cursor"
    );
}
