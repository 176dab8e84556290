//! Study campaigns, black-box: planning one over the ward's cells, its progress to 100%, and
//! members' reflections with their review.

use serde_json::{Value, json};

use crate::documents::congress_resolution;
use crate::helpers::TestApp;
use crate::world::World;

mod planning;
mod progress;
mod reflections;

/// The congress resolution of ward A, published to the ward; its id.
pub async fn published_resolution(app: &TestApp, world: &World) -> String {
    let secretary = &world.ward_secretary.access_token;
    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let published = app
        .publish_document(
            secretary,
            &id,
            json!({"org_ids": [world.ward_a], "required": true}),
        )
        .await;
    assert_eq!(published.status().as_u16(), 200);
    id
}

/// A campaign of ward A over cells A1 and A2, studying `document`, with a reflection required.
pub fn campaign_over_both_cells(world: &World, document: &str) -> Value {
    json!({
        "document_id": document,
        "title": "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2025-2030",
        "host_org_id": world.ward_a,
        "org_ids": [world.cell_a1, world.cell_a2],
        "deadline": "2025-09-30",
        "reflection_required": true,
    })
}

/// Creates the campaign as the ward secretary; its id.
pub async fn created_campaign(app: &TestApp, world: &World, body: Value) -> String {
    let created = app
        .created_campaign(&world.ward_secretary.access_token, body)
        .await;
    created["id"].as_str().unwrap().to_owned()
}
