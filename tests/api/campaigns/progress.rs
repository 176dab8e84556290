//! Progress: counted once, by cell, and exactly 100% only when the last member has studied.

use serde_json::{Value, json};

use super::{campaign_over_both_cells, created_campaign, published_resolution};
use crate::helpers::{Backend, TestApp, problem};
use crate::sessions::hour_for_cell_a1;
use crate::world::{World, activate};

on_every_backend!(progress_reaches_one_hundred_percent_only_when_the_last_member_has_studied);

/// A session of ward A for the whole ward (a make-up one when `makeup_of` is set), opened,
/// with `present` marked on its roll by the ward secretary; its id.
async fn held(app: &TestApp, world: &World, makeup_of: Option<&str>, present: &[&str]) -> String {
    let secretary = &world.ward_secretary.access_token;
    let mut body = hour_for_cell_a1(world);
    body["invited_org_ids"] = json!([world.ward_a]);
    if let Some(original) = makeup_of {
        body["kind"] = json!("makeup");
        body["makeup_of"] = json!(original);
    }
    let id = app.created_session(secretary, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let opened = app
        .update_session(secretary, &id, json!({"state": "open"}))
        .await;
    assert_eq!(opened.status().as_u16(), 200);
    for member in present {
        let marked = app
            .mark_attendance(secretary, &id, member, json!({"status": "present"}))
            .await;
        assert_eq!(marked.status().as_u16(), 200, "marking {member}");
    }
    id
}

async fn progress(app: &TestApp, token: &str, id: &str, query: &str) -> Value {
    let response = app.campaign_progress(token, id, query).await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

/// Submits `text` as the member's reflection; its id.
async fn submitted(app: &TestApp, token: &str, campaign: &str, text: &str) -> String {
    let body = json!({"body": text, "submit": true});
    let response = app.write_reflection(token, campaign, body).await;
    assert_eq!(response.status().as_u16(), 200);
    let reflection: Value = response.json().await.unwrap();
    assert_eq!(reflection["status"], "submitted");
    reflection["id"].as_str().unwrap().to_owned()
}

async fn accepted(app: &TestApp, reviewer: &str, reflection: &str) {
    let review = app
        .review_reflection(reviewer, reflection, json!({"decision": "accept"}))
        .await;
    assert_eq!(review.status().as_u16(), 200);
}

fn studied(report: &Value) -> (i64, i64, f64, bool) {
    let overall = &report["overall"];
    (
        overall["studied"].as_i64().unwrap(),
        overall["expected"].as_i64().unwrap(),
        overall["percent"].as_f64().unwrap(),
        overall["reached"].as_bool().unwrap(),
    )
}

async fn progress_reaches_one_hundred_percent_only_when_the_last_member_has_studied(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let (admin, secretary) = (
        &world.admin.access_token,
        &world.ward_secretary.access_token,
    );
    let cell_secretary = &world.cell_secretary.access_token;
    // A visitor from B1 studies with A1; an exempt member of A1 is not counted.
    let attach = json!({"attached_org_id": world.cell_a1});
    let exempt = json!({"activity_status": "exempt"});
    for (member, change) in [(&world.other_b1, attach), (&world.colleague_a1, exempt)] {
        let changed = app.update_member(admin, member, change).await;
        assert_eq!(changed.status().as_u16(), 200);
    }
    let (a1_members, a2_members) = (
        [
            world.ward_secretary.member_id.as_str(),
            world.cell_secretary.member_id.as_str(),
            world.member_a1.member_id.as_str(),
        ],
        [world.member_a2.member_id.as_str()],
    );
    let conference = held(
        &app,
        &world,
        None,
        &[&a1_members[..], &a2_members[..]].concat(),
    )
    .await;
    let resolution = published_resolution(&app, &world).await;
    let mut body = campaign_over_both_cells(&world, &resolution);
    body["session_ids"] = json!([conference]);
    let campaign = created_campaign(&app, &world, body).await;

    let report = progress(&app, secretary, &campaign, "").await;
    assert_eq!(studied(&report), (0, 6, 0.0, false));
    assert_eq!(report["overall"]["attended"], 4);
    assert_eq!(report["overall"]["need_reflection"], 6);
    let by_org = report["by_org"].as_array().unwrap();
    let cell = |id: &str| {
        by_org
            .iter()
            .find(|org| org["org_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(cell(&world.cell_a1)["expected"], 4);
    assert_eq!(cell(&world.cell_a2)["need_session"], 1);
    let visitor = report["missing"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member_id"] == json!(world.other_b1))
        .unwrap()
        .clone();
    assert_eq!(
        (&visitor["cell_id"], &visitor["needs_session"]),
        (&json!(world.cell_a1), &json!(true))
    );
    // Managers of the subtree only.
    let by_cell_query = format!("?org_id={}", world.cell_a1);
    let cell_report = progress(&app, cell_secretary, &campaign, &by_cell_query).await;
    assert_eq!(cell_report["overall"]["expected"], 4);
    // Without `org_id`, a cell's secretary gets the cell they manage; not the ward.
    let own_cell = progress(&app, cell_secretary, &campaign, "").await;
    assert_eq!(own_cell["org_id"], json!(world.cell_a1));
    let by_ward_query = format!("?org_id={}", world.ward_a);
    let ward = app
        .campaign_progress(cell_secretary, &campaign, &by_ward_query)
        .await;
    problem(ward, 403).await;
    let by_member = app
        .campaign_progress(&world.member_a1.access_token, &campaign, "")
        .await;
    problem(by_member, 403).await;

    // Those who attended write; their cells' managers accept.
    let of_member_a1 = submitted(
        &app,
        &world.member_a1.access_token,
        &campaign,
        "Bài thu hoạch",
    )
    .await;
    accepted(&app, cell_secretary, &of_member_a1).await;
    let of_member_a2 = submitted(
        &app,
        &world.member_a2.access_token,
        &campaign,
        "Bài thu hoạch",
    )
    .await;
    accepted(&app, secretary, &of_member_a2).await;
    let of_ward_secretary = submitted(&app, secretary, &campaign, "Bài thu hoạch").await;
    accepted(&app, cell_secretary, &of_ward_secretary).await;
    let of_cell_secretary = submitted(&app, cell_secretary, &campaign, "Bài thu hoạch").await;
    accepted(&app, secretary, &of_cell_secretary).await;
    assert_eq!(
        studied(&progress(&app, secretary, &campaign, "").await),
        (4, 6, 66.6, false)
    );

    // The absentees attend a make-up session, which the campaign then counts.
    let absentees = [world.other_a2.as_str(), world.other_b1.as_str()];
    let makeup = held(&app, &world, Some(&conference), &absentees).await;
    let linked = app
        .update_campaign(
            secretary,
            &campaign,
            json!({"session_ids": [conference, makeup]}),
        )
        .await;
    assert_eq!(linked.status().as_u16(), 200);
    let report = progress(&app, secretary, &campaign, "").await;
    assert_eq!(report["overall"]["attended"], 6);
    let csv = app.campaign_progress_csv(secretary, &campaign, "").await;
    assert!(csv.starts_with('\u{feff}'), "Excel needs the BOM");
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(
        lines.len(),
        3,
        "a header and the two who still need a reflection: {csv}"
    );
    assert!(
        lines[1..].iter().all(|line| line.contains(",no,yes,")),
        "{csv}"
    );
    assert!(
        csv.contains("Đặng Thị Dung") && csv.contains("Bùi Văn Em"),
        "{csv}"
    );

    let other_a2 = activate(&app, "79000006").await;
    let of_other_a2 = submitted(&app, &other_a2.access_token, &campaign, "Bài thu hoạch").await;
    accepted(&app, secretary, &of_other_a2).await;
    let almost = progress(&app, secretary, &campaign, "").await;
    assert_eq!(studied(&almost), (5, 6, 83.3, false));
    assert_eq!(almost["missing"].as_array().unwrap().len(), 1);

    let other_b1 = activate(&app, "79000007").await;
    let of_other_b1 = submitted(&app, &other_b1.access_token, &campaign, "Bài thu hoạch").await;
    // The visitor's reflection is reviewed where they study.
    accepted(&app, cell_secretary, &of_other_b1).await;
    let done = progress(&app, secretary, &campaign, "").await;
    assert_eq!(studied(&done), (6, 6, 100.0, true));
    assert!(done["missing"].as_array().unwrap().is_empty());
    assert!(by_org_all_reached(&done));
}

fn by_org_all_reached(report: &Value) -> bool {
    report["by_org"]
        .as_array()
        .unwrap()
        .iter()
        .all(|org| org["reached"] == true && org["percent"] == 100.0)
}
