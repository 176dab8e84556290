use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use super::{kinds, of_kind};
use crate::documents::congress_resolution;
use crate::helpers::{Backend, TestApp, problem};
use crate::plans::{households, item_of, plan_of, resolution};
use crate::sessions::opened;
use crate::world::World;

on_every_backend!(
    a_published_document_reaches_each_reader_once_whichever_publication_reached_them,
    a_session_tells_its_invited_when_announced_moved_and_called_off,
    a_review_and_a_correction_reach_their_member_alone,
    the_feed_pages_newest_first_and_marks_read_up_to_what_was_shown,
);

async fn a_published_document_reaches_each_reader_once_whichever_publication_reached_them(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let id = created["id"].as_str().unwrap();
    let publish = |orgs: Value| app.publish_document(secretary, id, json!({"org_ids": orgs}));
    assert_eq!(publish(json!([world.ward_a])).await.status().as_u16(), 200);
    // Published again to one of the ward's cells: its members were told already.
    assert_eq!(publish(json!([world.cell_a1])).await.status().as_u16(), 200);

    for member in [&world.member_a1, &world.member_a2] {
        let feed = app.notifications(&member.access_token, "").await;
        assert_eq!(feed["unread_count"], 1, "{feed}");
        let item = &feed["items"][0];
        assert_eq!(item["kind"], "document_published");
        assert_eq!(item["object_type"], "document");
        assert_eq!(item["object_id"], id);
        assert!(
            item["subject"].as_str().unwrap().contains("Nghị quyết"),
            "{item}"
        );
        assert!(item["read_at"].is_null());
    }
    // A new version of a document published without `required` asks nobody again.
    let edited = app
        .update_document(secretary, id, json!({"summary": "Tóm tắt mới"}))
        .await;
    assert_eq!(edited.status().as_u16(), 200);
    assert_eq!(kinds(&app, &world.member_a1.access_token).await.len(), 1);

    // Published again to cell A1, now required: news to its members (this is version 2, they
    // heard of version 1); and the next version asks them again.
    assert_eq!(
        app.publish_document(
            secretary,
            id,
            json!({"org_ids": [world.cell_a1], "required": true})
        )
        .await
        .status()
        .as_u16(),
        200
    );
    let edited = app
        .update_document(secretary, id, json!({"summary": "Tóm tắt lần ba"}))
        .await;
    assert_eq!(edited.status().as_u16(), 200);
    assert_eq!(
        kinds(&app, &world.member_a1.access_token).await,
        [
            "document_revised",
            "document_published",
            "document_published"
        ]
    );
    assert_eq!(
        kinds(&app, &world.member_a2.access_token).await,
        ["document_published"]
    );
}

async fn a_session_tells_its_invited_when_announced_moved_and_called_off(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let starts = Utc::now() + TimeDelta::days(3);
    let created = app
        .created_session(
            secretary,
            json!({
                "kind": "regular", "title": "Sinh hoạt chi bộ tháng 12", "host_org_id": world.ward_a,
                "invited_org_ids": [world.cell_a1], "mode": "in_person", "location": "Nhà văn hoá",
                "starts_at": starts, "ends_at": starts + TimeDelta::hours(2),
            }),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let member = &world.member_a1.access_token;
    // A draft is the hosts' business.
    assert!(kinds(&app, member).await.is_empty());

    let patch = |body: Value| app.update_session(secretary, id, body);
    assert_eq!(
        patch(json!({"state": "published"})).await.status().as_u16(),
        200
    );
    assert_eq!(kinds(&app, member).await, ["session_invited"]);
    assert!(kinds(&app, &world.member_a2.access_token).await.is_empty());

    // Renamed: no news. Moved: news, with the new start.
    assert_eq!(
        patch(json!({"title": "Sinh hoạt chi bộ tháng 12/2025"}))
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(kinds(&app, member).await, ["session_invited"]);
    let later = starts + TimeDelta::hours(1);
    let moved = patch(json!({"starts_at": later, "ends_at": later + TimeDelta::hours(2)})).await;
    assert_eq!(moved.status().as_u16(), 200);
    let news = of_kind(&app, member, "session_moved").await;
    assert_eq!(news.len(), 1);
    let told_start: chrono::DateTime<Utc> =
        serde_json::from_value(news[0]["happens_at"].clone()).unwrap();
    assert_eq!(told_start.timestamp(), later.timestamp());

    // Inviting cell A2 as well tells A2, and A1 not again.
    let widened = patch(json!({"invited_org_ids": [world.cell_a1, world.cell_a2]})).await;
    assert_eq!(widened.status().as_u16(), 200);
    assert_eq!(
        kinds(&app, &world.member_a2.access_token).await,
        ["session_invited"]
    );
    assert_eq!(of_kind(&app, member, "session_invited").await.len(), 1);

    assert_eq!(
        patch(json!({"state": "cancelled"})).await.status().as_u16(),
        200
    );
    assert_eq!(of_kind(&app, member, "session_cancelled").await.len(), 1);
    let session: Value = app.get_session(member, id).await.json().await.unwrap();
    assert_eq!(session["state"], "cancelled");
    // Called off, it changes no more.
    let reopened = problem(patch(json!({"state": "open"})).await, 409).await;
    assert_eq!(reopened["code"], "session_cancelled");

    // An open session is held, not called off.
    let (open, _) = opened(&app, &world, crate::sessions::hour_for_cell_a1(&world)).await;
    let refused = problem(
        app.update_session(secretary, &open, json!({"state": "cancelled"}))
            .await,
        409,
    )
    .await;
    assert_eq!(refused["code"], "session_cancelled");
}

async fn a_review_and_a_correction_reach_their_member_alone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1.access_token;
    let resolution = resolution(&app, &world).await;
    let plan = plan_of(&app, member, &resolution).await;
    item_of(&app, member, &plan, households(&resolution, "2025-12-31")).await;
    assert_eq!(
        app.submit_action_plan(member, &plan)
            .await
            .status()
            .as_u16(),
        200
    );
    let returned = app
        .review_action_plan(
            &world.cell_secretary.access_token,
            &plan,
            json!({"decision": "return", "comment": "Bổ sung chỉ tiêu về đảng viên mới"}),
        )
        .await;
    assert_eq!(returned.status().as_u16(), 200);
    let news = of_kind(&app, member, "plan_returned").await;
    assert_eq!(news.len(), 1);
    assert_eq!(news[0]["object_type"], "action_plan");
    assert_eq!(news[0]["object_id"], plan.as_str());
    assert_eq!(news[0]["note"], "Bổ sung chỉ tiêu về đảng viên mới");

    // A roll corrected after the meeting: the member hears why.
    let (session, _) = opened(&app, &world, crate::sessions::hour_for_cell_a1(&world)).await;
    let secretary = &world.ward_secretary.access_token;
    let mark =
        |body: Value| app.mark_attendance(secretary, &session, &world.member_a1.member_id, body);
    assert_eq!(
        mark(json!({"status": "present"})).await.status().as_u16(),
        200
    );
    assert!(
        of_kind(&app, member, "attendance_corrected")
            .await
            .is_empty()
    );
    let corrected =
        mark(json!({"status": "absent_excused", "reason": "Đi công tác, có báo trước"})).await;
    assert_eq!(corrected.status().as_u16(), 200);
    let news = of_kind(&app, member, "attendance_corrected").await;
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(news[0]["object_id"], session.as_str());
    assert_eq!(news[0]["note"], "Đi công tác, có báo trước");

    // Nobody else heard of either, and nobody else may mark them read.
    let other = &world.member_a2.access_token;
    assert!(
        of_kind(&app, other, "attendance_corrected")
            .await
            .is_empty()
    );
    let foreign = news[0]["id"].as_str().unwrap();
    let refused = problem(app.read_notification(other, foreign).await, 404).await;
    assert_eq!(refused["code"], "not_found");
    let unknown = problem(
        app.read_notification(member, &uuid::Uuid::now_v7().to_string())
            .await,
        404,
    )
    .await;
    assert_eq!(unknown["code"], "not_found");
    let read: Value = app
        .read_notification(member, foreign)
        .await
        .json()
        .await
        .unwrap();
    assert!(read["read_at"].is_string());
}

async fn the_feed_pages_newest_first_and_marks_read_up_to_what_was_shown(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let mut ids = Vec::new();
    for code in ["01-NQ/ĐH", "02-NQ/ĐU", "03-NQ/ĐU"] {
        let mut body = congress_resolution(&world.ward_a);
        body["code"] = json!(code);
        let created = app.created_document(secretary, body).await;
        let id = created["id"].as_str().unwrap().to_owned();
        let published = app
            .publish_document(secretary, &id, json!({"org_ids": [world.cell_a2]}))
            .await;
        assert_eq!(published.status().as_u16(), 200);
        ids.push(id);
    }
    let member = &world.member_a2.access_token;
    let first = app.notifications(member, "?limit=2").await;
    let objects = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["object_id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(objects(&first), [ids[2].clone(), ids[1].clone()]);
    assert_eq!(first["unread_count"], 3);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .notifications(member, &format!("?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(objects(&second), [ids[0].clone()]);
    assert!(second["next_cursor"].is_null());

    // `up_to` names the newest notification the phone showed; everything up to it is read.
    // This phone showed only the oldest.
    let oldest_id = second["items"][0]["id"].as_str().unwrap().to_owned();
    let marked: Value = app
        .read_all_notifications(member, &format!("?up_to={oldest_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(marked, json!({"marked": 1, "unread_count": 2}));
    let unread = app.notifications(member, "?unread=true").await;
    assert_eq!(objects(&unread), [ids[2].clone(), ids[1].clone()]);
    let marked: Value = app
        .read_all_notifications(member, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(marked, json!({"marked": 2, "unread_count": 0}));
    let again: Value = app
        .read_all_notifications(member, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, json!({"marked": 0, "unread_count": 0}));

    for query in ["?cursor=not%20a%20cursor", "?limit=0", "?unread=maybe"] {
        let response = app.list_notifications(member, query).await;
        assert!(
            [400, 422].contains(&response.status().as_u16()),
            "{query}: {}",
            response.status()
        );
    }
    let refused = problem(app.read_all_notifications(member, "?up_to=42").await, 422).await;
    assert_eq!(refused["errors"][0]["field"], "up_to");
}
