//! Personal action plans, black-box: written, reviewed by the cell, progress computed from
//! reports, and the roll-up from the resolution to members' work.

use serde_json::{Value, json};

use crate::documents::congress_resolution;
use crate::helpers::TestApp;
use crate::world::World;

mod lifecycle;
mod progress;
mod rollup;

/// The congress resolution of ward A, published to the ward, as created (with its structure's
/// ids).
pub async fn resolution(app: &TestApp, world: &World) -> Value {
    let secretary = &world.ward_secretary.access_token;
    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let id = created["id"].as_str().unwrap();
    let published = app
        .publish_document(secretary, id, json!({"org_ids": [world.ward_a]}))
        .await;
    assert_eq!(published.status().as_u16(), 200);
    created
}

/// The caller's plan for `resolution` in 2025; its id.
pub async fn plan_of(app: &TestApp, token: &str, resolution: &Value) -> String {
    let body = json!({"document_id": resolution["id"], "year": 2025, "title": "Kế hoạch năm 2025"});
    app.created_action_plan(token, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Adds `item` to the plan; the new item's id (the last of the plan's items).
pub async fn item_of(app: &TestApp, token: &str, plan: &str, item: Value) -> String {
    let response = app.add_plan_item(token, plan, item).await;
    assert_eq!(response.status().as_u16(), 201);
    let plan: Value = response.json().await.unwrap();
    let items = plan["items"].as_array().unwrap();
    items.last().unwrap()["id"].as_str().unwrap().to_owned()
}

/// A numeric item serving the resolution's first target: two households by `due_on`.
pub fn households(resolution: &Value, due_on: &str) -> Value {
    json!({
        "title": "Giúp 2 hộ cận nghèo thoát nghèo",
        "target_id": resolution["structure"]["targets"][0]["id"],
        "indicator": {"kind": "numeric", "unit": "hộ", "target_value": 2},
        "due_on": due_on,
    })
}

/// A done/not-done item serving the resolution's first program.
pub fn training(resolution: &Value, due_on: &str) -> Value {
    json!({
        "title": "Hoàn thành lớp bồi dưỡng kỹ năng số",
        "program_id": resolution["structure"]["programs"][0]["id"],
        "indicator": {"kind": "boolean"},
        "due_on": due_on,
    })
}
