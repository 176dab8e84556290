//! The roll-up: from each of the resolution's targets, programs and breakthroughs to the
//! members' items serving it, with their computed progress.

use serde_json::{Value, json};

use super::{households, item_of, plan_of, resolution, training};
use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(the_rollup_counts_members_items_and_progress_for_each_part);

async fn the_rollup_counts_members_items_and_progress_for_each_part(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = resolution(&app, &world).await;
    let document = resolution["id"].as_str().unwrap();
    let secretary = &world.ward_secretary.access_token;
    for (token, done) in [
        (&world.member_a1.access_token, 2),
        (&world.member_a2.access_token, 1),
    ] {
        let plan = plan_of(&app, token, &resolution).await;
        let item = item_of(&app, token, &plan, households(&resolution, "2099-12-31")).await;
        item_of(&app, token, &plan, training(&resolution, "2025-03-31")).await;
        let report = json!({"value": done, "reported_on": "2025-06-01"});
        let response = app.report_progress(token, &plan, &item, report).await;
        assert_eq!(response.status().as_u16(), 201);
        let submitted = app.submit_action_plan(token, &plan).await;
        assert_eq!(submitted.status().as_u16(), 200);
    }
    // A draft is not handed in: it counts nowhere, and its owner is still without a plan.
    let draft = plan_of(&app, &world.cell_secretary.access_token, &resolution).await;
    item_of(
        &app,
        &world.cell_secretary.access_token,
        &draft,
        training(&resolution, "2025-03-31"),
    )
    .await;

    let query = format!("?org_id={}&year=2025", world.ward_a);
    let response = app.plan_rollup(secretary, document, &query).await;
    assert_eq!(response.status().as_u16(), 200);
    let rollup: Value = response.json().await.unwrap();
    let parts = rollup["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 4, "one target, two programs, one breakthrough");
    let target = &parts[0];
    assert_eq!(
        (
            &target["kind"],
            &target["items"],
            &target["members"],
            &target["met"]
        ),
        (&json!("target"), &json!(2), &json!(2), &json!(1))
    );
    assert_eq!(target["average_percent"], 75.0);
    let program = &parts[1];
    assert_eq!(
        (
            &program["items"],
            &program["overdue"],
            &program["average_percent"]
        ),
        (&json!(2), &json!(2), &json!(0.0))
    );
    assert_eq!(parts[3]["items"], 0);
    // Ward A's active members: the two secretaries, member A1, colleague A1, member A2 and
    // other A2; two have handed in a plan.
    assert_eq!(rollup["members_without_plan"], 4);
    assert_eq!(rollup["overdue_items"].as_array().unwrap().len(), 2);

    let cell = format!("?org_id={}&year=2025", world.cell_a2);
    let a2: Value = app
        .plan_rollup(secretary, document, &cell)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a2["parts"][0]["members"], 1);
    let by_member = app
        .plan_rollup(&world.member_a1.access_token, document, &query)
        .await;
    problem(by_member, 403).await;
    let other_year = format!("?org_id={}&year=2026", world.ward_a);
    let empty: Value = app
        .plan_rollup(secretary, document, &other_year)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(empty["parts"][0]["items"], 0);
}
