//! Progress: computed from the reports, never typed in; appended, never edited; a double tap
//! appends one; a phone's wrong clock cannot date a report next month.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use super::{households, item_of, plan_of, resolution, training};
use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    progress_is_computed_from_the_latest_report_against_the_target,
    a_double_tapped_report_is_appended_once,
    only_the_owner_reports_progress_and_a_reported_item_stays,
);

async fn reported(app: &TestApp, token: &str, plan: &str, item: &str, body: Value) -> Value {
    let response = app.report_progress(token, plan, item, body).await;
    assert_eq!(response.status().as_u16(), 201);
    response.json().await.unwrap()
}

async fn progress_is_computed_from_the_latest_report_against_the_target(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = resolution(&app, &world).await;
    let member = &world.member_a1.access_token;
    let plan = plan_of(&app, member, &resolution).await;
    let households = item_of(&app, member, &plan, households(&resolution, "2025-12-15")).await;
    let training = item_of(&app, member, &plan, training(&resolution, "2025-03-31")).await;

    let one = json!({"value": 1, "note": "Hộ bà Lò Thị Ơn", "reported_on": "2025-06-01"});
    let item = reported(&app, member, &plan, &households, one).await;
    assert_eq!(
        (&item["progress"]["percent"], &item["progress"]["met"]),
        (&json!(50.0), &json!(false))
    );
    // An older report sent later does not move the item back.
    let late = json!({"value": 0, "reported_on": "2025-05-01"});
    let item = reported(&app, member, &plan, &households, late).await;
    assert_eq!(item["progress"]["percent"], 50.0);
    let both = json!({"value": 2, "reported_on": "2025-09-01"});
    let item = reported(&app, member, &plan, &households, both).await;
    assert_eq!(
        (&item["progress"]["percent"], &item["progress"]["met"]),
        (&json!(100.0), &json!(true))
    );
    assert_eq!(item["reports"].as_array().unwrap().len(), 3);

    // A report must fit the indicator; a percentage is never sent.
    let wrong = app
        .report_progress(
            member,
            &plan,
            &training,
            json!({"value": 100, "reported_on": "2025-03-01"}),
        )
        .await;
    assert_eq!(problem(wrong, 422).await["errors"][0]["field"], "value");
    let not_done = json!({"done": false, "reported_on": "2025-03-01"});
    let item = reported(&app, member, &plan, &training, not_done).await;
    // Due on 31 March 2025 and not done: overdue.
    assert_eq!(
        (&item["progress"]["overdue"], &item["progress"]["percent"]),
        (&json!(true), &json!(0.0))
    );
    let whole: Value = app
        .get_action_plan(member, &plan)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(whole["progress"], 50.0);

    // A phone whose clock runs a month ahead.
    let ahead = (Utc::now() + TimeDelta::days(30)).date_naive();
    let future = app
        .report_progress(
            member,
            &plan,
            &training,
            json!({"done": true, "reported_on": ahead}),
        )
        .await;
    assert_eq!(problem(future, 422).await["errors"][0]["code"], "in_future");
    let done = json!({"done": true, "reported_on": Utc::now().date_naive()});
    let item = reported(&app, member, &plan, &training, done).await;
    assert_eq!(
        (&item["progress"]["met"], &item["progress"]["overdue"]),
        (&json!(true), &json!(false))
    );
}

async fn a_double_tapped_report_is_appended_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = resolution(&app, &world).await;
    let member = &world.member_a2.access_token;
    let plan = plan_of(&app, member, &resolution).await;
    let item = item_of(&app, member, &plan, households(&resolution, "2025-12-15")).await;
    let body = json!({"value": 1, "note": "Gửi hai lần", "reported_on": "2025-06-01"});
    let (first, second) = tokio::join!(
        app.report_progress(member, &plan, &item, body.clone()),
        app.report_progress(member, &plan, &item, body.clone()),
    );
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201]);
    let whole: Value = app
        .get_action_plan(member, &plan)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(whole["items"][0]["reports"].as_array().unwrap().len(), 1);
}

async fn only_the_owner_reports_progress_and_a_reported_item_stays(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = resolution(&app, &world).await;
    let member = &world.member_a1.access_token;
    let plan = plan_of(&app, member, &resolution).await;
    let item = item_of(&app, member, &plan, households(&resolution, "2025-12-15")).await;
    let body = json!({"value": 1, "reported_on": "2025-06-01"});
    // Someone else's item: a colleague does not see the plan; the cell's secretary sees it
    // once handed in, but reports nothing on it.
    let by_colleague = app
        .report_progress(&world.member_a2.access_token, &plan, &item, body.clone())
        .await;
    problem(by_colleague, 404).await;
    let submitted = app.submit_action_plan(member, &plan).await;
    assert_eq!(submitted.status().as_u16(), 200);
    let by_secretary = app
        .report_progress(
            &world.cell_secretary.access_token,
            &plan,
            &item,
            body.clone(),
        )
        .await;
    problem(by_secretary, 403).await;
    reported(&app, member, &plan, &item, body).await;

    let returned = app
        .review_action_plan(
            &world.cell_secretary.access_token,
            &plan,
            json!({"decision": "return", "comment": "Bổ sung"}),
        )
        .await;
    assert_eq!(returned.status().as_u16(), 200);
    let removed = app.delete_plan_item(member, &plan, &item).await;
    assert_eq!(problem(removed, 409).await["code"], "has_progress");
    let spare = item_of(&app, member, &plan, training(&resolution, "2025-11-30")).await;
    let removed = app.delete_plan_item(member, &plan, &spare).await;
    assert_eq!(removed.status().as_u16(), 204);
    let whole: Value = app
        .get_action_plan(member, &plan)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(whole["items"].as_array().unwrap().len(), 1);
}
