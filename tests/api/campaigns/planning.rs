//! Planning a campaign: what it may study, where, and who sees and runs it.

use serde_json::{Value, json};

use super::{campaign_over_both_cells, published_resolution};
use crate::documents::congress_resolution;
use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    a_campaign_studies_a_published_resolution_inside_its_host,
    the_host_runs_a_campaign_and_those_who_study_see_it,
);

async fn a_campaign_studies_a_published_resolution_inside_its_host(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let resolution = published_resolution(&app, &world).await;
    let body = campaign_over_both_cells(&world, &resolution);

    let mut draft = congress_resolution(&world.ward_a);
    draft["code"] = json!("02-NQ/ĐU");
    let draft = app.created_document(secretary, draft).await;
    let mut notice = congress_resolution(&world.ward_a);
    notice["kind"] = json!("notice");
    notice["code"] = json!("03-TB/ĐU");
    notice.as_object_mut().unwrap().remove("structure");
    let notice = app.created_document(secretary, notice).await;
    for (document, code) in [
        (&draft["id"], "not_published"),
        (&notice["id"], "not_a_resolution"),
        (&json!("0192f0c1-0000-7000-8000-00000000dead"), "not_found"),
    ] {
        let mut wrong = body.clone();
        wrong["document_id"] = document.clone();
        let refused = problem(app.create_campaign(secretary, wrong).await, 422).await;
        assert_eq!(refused["errors"][0]["field"], "document_id");
        assert_eq!(refused["errors"][0]["code"], code);
    }
    // Cell B1 lies in another ward: neither a target nor a host the ward secretary has.
    let mut outside = body.clone();
    outside["org_ids"] = json!([world.cell_a1, world.cell_b1]);
    let refused = problem(app.create_campaign(secretary, outside).await, 422).await;
    assert_eq!(refused["errors"][0]["field"], "org_ids[1]");
    let mut abroad = body.clone();
    abroad["host_org_id"] = json!(world.cell_b1);
    problem(app.create_campaign(secretary, abroad).await, 422).await;
    let mut never = body.clone();
    never["target_percent"] = json!(0);
    problem(app.create_campaign(secretary, never).await, 422).await;
    let by_member = app
        .create_campaign(&world.member_a1.access_token, body.clone())
        .await;
    problem(by_member, 403).await;
    let by_cell = app
        .create_campaign(&world.cell_secretary.access_token, body.clone())
        .await;
    problem(by_cell, 403).await;

    let created = app.created_campaign(secretary, body).await;
    assert_eq!(created["document"]["code"], "01-NQ/ĐH");
    assert_eq!(created["orgs"].as_array().unwrap().len(), 2);
    assert_eq!(created["target_percent"], 100);
    assert_eq!(
        (
            &created["reflection_required"],
            &created["reflection_counts"]
        ),
        (&json!(true), &json!("accepted"))
    );
    assert_eq!(created["runs"], true);
}

async fn the_host_runs_a_campaign_and_those_who_study_see_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let resolution = published_resolution(&app, &world).await;
    let mut body = campaign_over_both_cells(&world, &resolution);
    body["org_ids"] = json!([world.cell_a1]);
    let id = super::created_campaign(&app, &world, body).await;

    let seen: Value = app
        .get_campaign(&world.member_a1.access_token, &id)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((&seen["id"], &seen["runs"]), (&json!(id), &json!(false)));
    // Cell A2 does not study it: to its member the campaign does not exist.
    problem(
        app.get_campaign(&world.member_a2.access_token, &id).await,
        404,
    )
    .await;
    let listed: Value = app
        .list_campaigns(&world.member_a1.access_token, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["id"], json!(id));
    let none: Value = app
        .list_campaigns(&world.member_a2.access_token, "")
        .await
        .json()
        .await
        .unwrap();
    assert!(none["items"].as_array().unwrap().is_empty());
    let by_document: Value = app
        .list_campaigns(secretary, &format!("?document_id={resolution}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_document["items"].as_array().unwrap().len(), 1);

    // The cell's secretary sees it (the cell studies it) but does not run it.
    let by_cell = app
        .update_campaign(
            &world.cell_secretary.access_token,
            &id,
            json!({"title": "Đổi tên"}),
        )
        .await;
    problem(by_cell, 403).await;
    let changed: Value = app
        .update_campaign(
            secretary,
            &id,
            json!({"org_ids": [world.cell_a1, world.cell_a2], "reflection_counts": "submitted",
                   "target_percent": 95}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["orgs"].as_array().unwrap().len(), 2);
    assert_eq!(changed["reflection_counts"], "submitted");
    assert_eq!(changed["target_percent"], 95);
    let unrequired: Value = app
        .update_campaign(secretary, &id, json!({"reflection_required": false}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            &unrequired["reflection_required"],
            &unrequired["reflection_counts"]
        ),
        (&json!(false), &Value::Null)
    );
    let seen_now = app.get_campaign(&world.member_a2.access_token, &id).await;
    assert_eq!(seen_now.status().as_u16(), 200);
    let audit: Value = app
        .list_audit_events(secretary, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["action"].as_str())
        .filter(|action| action.starts_with("campaign."))
        .collect();
    assert_eq!(actions.len(), 3, "{actions:?}");
}
