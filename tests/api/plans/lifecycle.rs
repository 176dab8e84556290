//! A plan from draft to approval, with a return in between; who may write and review it.

use serde_json::{Value, json};

use super::{households, item_of, plan_of, resolution, training};
use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    a_plan_is_written_returned_revised_and_approved_by_the_cell,
    nobody_reviews_their_own_plan_and_others_do_not_see_it,
    a_plan_refuses_what_does_not_belong_to_its_resolution,
);

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    response.json().await.unwrap()
}

async fn a_plan_is_written_returned_revised_and_approved_by_the_cell(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = resolution(&app, &world).await;
    let member = &world.member_a1.access_token;
    let reviewer = &world.cell_secretary.access_token;

    let plan = plan_of(&app, member, &resolution).await;
    let again = json!({"document_id": resolution["id"], "year": 2025, "title": "Lần nữa"});
    let twice = app.create_action_plan(member, again).await;
    assert_eq!(problem(twice, 409).await["code"], "plan_exists");
    let empty = app.submit_action_plan(member, &plan).await;
    assert_eq!(problem(empty, 409).await["code"], "plan_empty");
    // A draft is its owner's alone.
    problem(app.get_action_plan(reviewer, &plan).await, 404).await;

    let item = item_of(&app, member, &plan, households(&resolution, "2025-12-15")).await;
    item_of(&app, member, &plan, training(&resolution, "2025-11-30")).await;
    let renamed = app
        .update_action_plan(member, &plan, json!({"title": "Kế hoạch cá nhân năm 2025"}))
        .await;
    assert_eq!(
        json_of(renamed, 200).await["title"],
        "Kế hoạch cá nhân năm 2025"
    );
    let submitted = json_of(app.submit_action_plan(member, &plan).await, 200).await;
    assert_eq!(submitted["status"], "submitted");
    let late = app
        .update_action_plan(member, &plan, json!({"title": "Đổi tên"}))
        .await;
    assert_eq!(problem(late, 409).await["code"], "plan_submitted");
    let locked = app
        .update_plan_item(member, &plan, &item, json!({"title": "Đổi"}))
        .await;
    assert_eq!(problem(locked, 409).await["code"], "plan_submitted");

    let listed = json_of(
        app.list_action_plans(
            reviewer,
            &format!("?org_id={}&status=submitted", world.cell_a1),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(listed["items"][0]["id"], json!(plan));
    let bare = app
        .review_action_plan(reviewer, &plan, json!({"decision": "return"}))
        .await;
    assert_eq!(
        problem(bare, 422).await["errors"][0]["code"],
        "required_to_return"
    );
    let comment = "Cần nêu rõ cách giúp các hộ.";
    let returned = app
        .review_action_plan(
            reviewer,
            &plan,
            json!({"decision": "return", "comment": comment}),
        )
        .await;
    let returned = json_of(returned, 200).await;
    assert_eq!(
        (&returned["status"], &returned["review_comment"]),
        (&json!("returned"), &json!(comment))
    );

    let revised = app
        .update_plan_item(
            member,
            &plan,
            &item,
            json!({"description": "Hướng dẫn vay vốn, giới thiệu việc làm"}),
        )
        .await;
    assert_eq!(revised.status().as_u16(), 200);
    json_of(app.submit_action_plan(member, &plan).await, 200).await;
    let approved = app
        .review_action_plan(reviewer, &plan, json!({"decision": "approve"}))
        .await;
    let approved = json_of(approved, 200).await;
    assert_eq!(approved["status"], "approved");
    let history: Vec<&str> = approved["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["submitted", "returned", "submitted", "approved"]);
    let again = app
        .review_action_plan(reviewer, &plan, json!({"decision": "approve"}))
        .await;
    assert_eq!(problem(again, 409).await["code"], "not_submitted");

    let audit = json_of(
        app.list_audit_events(&world.ward_secretary.access_token, "?limit=100")
            .await,
        200,
    )
    .await;
    let reviews = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["action"].as_str())
        .filter(|action| action.starts_with("action_plan."))
        .count();
    assert_eq!(reviews, 2);
}

async fn nobody_reviews_their_own_plan_and_others_do_not_see_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = resolution(&app, &world).await;
    let cell_secretary = &world.cell_secretary.access_token;
    let plan = plan_of(&app, cell_secretary, &resolution).await;
    item_of(
        &app,
        cell_secretary,
        &plan,
        training(&resolution, "2025-11-30"),
    )
    .await;
    json_of(app.submit_action_plan(cell_secretary, &plan).await, 200).await;

    let own = app
        .review_action_plan(cell_secretary, &plan, json!({"decision": "approve"}))
        .await;
    problem(own, 403).await;
    // A colleague neither sees nor reviews it; the ward's secretary reviews the cell's.
    let colleague = &world.member_a1.access_token;
    problem(app.get_action_plan(colleague, &plan).await, 404).await;
    let by_colleague = app
        .review_action_plan(colleague, &plan, json!({"decision": "approve"}))
        .await;
    problem(by_colleague, 404).await;
    let by_ward = app
        .review_action_plan(
            &world.ward_secretary.access_token,
            &plan,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(json_of(by_ward, 200).await["owns"], false);
    // The reviewer sees the plan, but writes nothing in it.
    let items = app
        .add_plan_item(
            &world.ward_secretary.access_token,
            &plan,
            training(&resolution, "2025-11-30"),
        )
        .await;
    problem(items, 403).await;
    // A manager of another subtree lists nothing of it: A2's plans are empty.
    let listed = json_of(
        app.list_action_plans(
            &world.ward_secretary.access_token,
            &format!("?org_id={}", world.cell_a2),
        )
        .await,
        200,
    )
    .await;
    assert!(listed["items"].as_array().unwrap().is_empty());
    let by_member = app
        .list_action_plans(colleague, &format!("?org_id={}", world.cell_a1))
        .await;
    problem(by_member, 403).await;
}

async fn a_plan_refuses_what_does_not_belong_to_its_resolution(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let resolution = resolution(&app, &world).await;
    // Another resolution's target, and a notice.
    let mut other = crate::documents::congress_resolution(&world.ward_a);
    other["code"] = json!("05-NQ/ĐU");
    let other = app.created_document(secretary, other).await;
    let mut notice = crate::documents::congress_resolution(&world.ward_a);
    notice["kind"] = json!("notice");
    notice["code"] = json!("06-TB/ĐU");
    notice.as_object_mut().unwrap().remove("structure");
    let notice = app.created_document(secretary, notice).await;
    app.publish_document(
        secretary,
        notice["id"].as_str().unwrap(),
        json!({"org_ids": [world.ward_a]}),
    )
    .await;

    let for_notice = json!({"document_id": notice["id"], "year": 2025, "title": "Kế hoạch"});
    let refused = problem(app.create_action_plan(member, for_notice).await, 422).await;
    assert_eq!(refused["errors"][0]["code"], "not_a_resolution");
    let for_year = json!({"document_id": resolution["id"], "year": 1999, "title": "Kế hoạch"});
    problem(app.create_action_plan(member, for_year).await, 422).await;

    let plan = plan_of(&app, member, &resolution).await;
    let mut foreign = households(&resolution, "2025-12-15");
    foreign["target_id"] = other["structure"]["targets"][0]["id"].clone();
    let refused = problem(app.add_plan_item(member, &plan, foreign).await, 422).await;
    assert_eq!(
        (
            &refused["errors"][0]["field"],
            &refused["errors"][0]["code"]
        ),
        (&json!("target_id"), &json!("not_in_resolution"))
    );
    // A program's id named as a target is not that target.
    let mut mislabelled = households(&resolution, "2025-12-15");
    mislabelled["target_id"] = resolution["structure"]["programs"][0]["id"].clone();
    problem(app.add_plan_item(member, &plan, mislabelled).await, 422).await;
    let mut both = households(&resolution, "2025-12-15");
    both["program_id"] = resolution["structure"]["programs"][0]["id"].clone();
    let refused = problem(app.add_plan_item(member, &plan, both).await, 422).await;
    assert_eq!(refused["errors"][0]["code"], "one_link");
    let mut unmeasured = households(&resolution, "2025-12-15");
    unmeasured["indicator"] = json!({"kind": "numeric", "unit": "hộ"});
    let refused = problem(app.add_plan_item(member, &plan, unmeasured).await, 422).await;
    assert_eq!(refused["errors"][0]["field"], "indicator.target_value");
    let plan_now = json_of(app.get_action_plan(member, &plan).await, 200).await;
    assert!(
        plan_now["items"].as_array().unwrap().is_empty(),
        "nothing half-stored"
    );
}
