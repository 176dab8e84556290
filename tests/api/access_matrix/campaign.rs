//! What the matrix's campaign and plan rows act on: a campaign with a reflection waiting for
//! review, and an action plan waiting for review, both by a member of A1 who is none of the
//! callers.

use serde_json::json;

use crate::helpers::TestApp;
use crate::world::{World, activate, new_member};

/// The ids the campaign rows act on.
pub(super) struct Campaign {
    pub(super) id: String,
    /// The resolution it studies, which new campaigns study too.
    pub(super) document: String,
    pub(super) reflection: String,
    /// A submitted plan for the resolution, with one done/not-done item.
    pub(super) plan: String,
    pub(super) item: String,
    /// A phone that member registered for push.
    pub(super) device: String,
}

/// A campaign of ward A over cell A1, studying a resolution published to the ward; and the
/// submitted reflection of a member of A1 who is none of the matrix's callers.
pub(super) async fn open_campaign(app: &TestApp, world: &World) -> Campaign {
    let admin = &world.admin.access_token;
    let resolution = json!({
        "org_id": world.ward_a, "kind": "resolution", "code": "9-NQ/ĐU",
        "title": "Nghị quyết ma trận", "issuer": "Ban Chấp hành Đảng bộ phường",
    });
    let document = app.created_document(admin, resolution).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let published = app
        .publish_document(admin, &document, json!({"org_ids": [world.ward_a]}))
        .await;
    assert_eq!(published.status().as_u16(), 200);
    let campaign = app
        .created_campaign(
            admin,
            json!({
                "document_id": document, "title": "Đợt học tập ma trận",
                "host_org_id": world.ward_a, "org_ids": [world.cell_a1],
                "deadline": "2026-12-31", "reflection_required": true,
            }),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    new_member(app, admin, "79000017", "Sùng A Tráng", &world.cell_a1).await;
    let author = activate(app, "79000017").await;
    let written = app
        .write_reflection(
            &author.access_token,
            &campaign,
            json!({"body": "Bài thu hoạch ma trận", "submit": true}),
        )
        .await;
    assert_eq!(written.status().as_u16(), 200);
    let reflection = written.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let plan = app
        .created_action_plan(
            &author.access_token,
            json!({"document_id": document, "year": 2025, "title": "Kế hoạch ma trận"}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let item = json!({"title": "Nội dung ma trận", "indicator": {"kind": "boolean"}, "due_on": "2025-12-31"});
    let added: serde_json::Value = app
        .add_plan_item(&author.access_token, &plan, item)
        .await
        .json()
        .await
        .unwrap();
    let item = added["items"][0]["id"].as_str().unwrap().to_owned();
    let submitted = app.submit_action_plan(&author.access_token, &plan).await;
    assert_eq!(submitted.status().as_u16(), 200);
    let device: serde_json::Value = app
        .register_device(
            &author.access_token,
            json!({"platform": "android", "token": "matrix-phone-of-79000017"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let device = device["id"].as_str().unwrap().to_owned();
    Campaign {
        device,
        id: campaign,
        document,
        reflection,
        plan,
        item,
    }
}
