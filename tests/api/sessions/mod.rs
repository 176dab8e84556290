//! Sessions and attendance, black-box: planning and check-in, offline sync, the roll.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::world::World;

mod check_in;
mod crowd;
mod offline;
mod roll;

/// A study session of ward A for cell A1, started ten minutes ago, lasting an hour.
pub fn hour_for_cell_a1(world: &World) -> Value {
    let now = Utc::now();
    json!({
        "kind": "study_conference", "title": "Học tập Nghị quyết Đại hội", "host_org_id": world.ward_a,
        "invited_org_ids": [world.cell_a1], "mode": "in_person", "location": "Hội trường",
        "starts_at": now - TimeDelta::minutes(10), "ends_at": now + TimeDelta::minutes(50),
    })
}

/// Creates `body` as the ward secretary, opens it and returns its id and current QR token.
pub async fn opened(app: &TestApp, world: &World, body: Value) -> (String, String) {
    let secretary = &world.ward_secretary.access_token;
    let created = app.created_session(secretary, body).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let opened = app
        .update_session(secretary, &id, json!({"state": "open"}))
        .await;
    assert_eq!(opened.status().as_u16(), 200);
    let code: Value = app
        .check_in_code(secretary, &id)
        .await
        .json()
        .await
        .unwrap();
    (id, code["qr_token"].as_str().unwrap().to_owned())
}
