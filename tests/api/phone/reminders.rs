use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use super::{of_kind, remind_at};
use crate::helpers::{Backend, TestApp};
use crate::world::World;

on_every_backend!(
    a_session_is_reminded_a_day_and_an_hour_before_except_to_those_who_apologised,
    a_required_document_is_reminded_before_it_is_due_to_those_who_have_not_acknowledged_it,
    a_cells_managers_hear_when_no_regular_meeting_is_recorded_this_month,
    the_server_raises_reminders_by_itself,
);

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

async fn a_session_is_reminded_a_day_and_an_hour_before_except_to_those_who_apologised(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let starts = (Utc::now() + TimeDelta::days(3))
        .with_timezone(&Utc)
        .date_naive()
        .and_hms_opt(1, 30, 0)
        .unwrap()
        .and_utc();
    let created = app
        .created_session(
            secretary,
            json!({
                "kind": "study_conference", "title": "Học tập Nghị quyết Đại hội (đợt 1)",
                "host_org_id": world.ward_a, "invited_org_ids": [world.cell_a1],
                "mode": "in_person", "location": "Hội trường phường",
                "starts_at": starts, "ends_at": starts + TimeDelta::hours(3),
            }),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let published = app
        .update_session(secretary, id, json!({"state": "published"}))
        .await;
    assert_eq!(published.status().as_u16(), 200);
    let apology = app
        .answer_session(
            &world.member_a1.access_token,
            id,
            json!({"response": "apology", "reason": "Đi khám bệnh"}),
        )
        .await;
    assert_eq!(apology.status().as_u16(), 200);

    let app = &app;
    let reminders = |token: String| async move { of_kind(app, &token, "session_reminder").await };
    let cell_secretary = world.cell_secretary.access_token.clone();
    // Two days before: too early.
    assert_eq!(remind_at(app, starts - TimeDelta::days(2)).await, (0, 0));
    // The day before: every invited member of cell A1 but the one who apologised (the ward
    // secretary, the cell secretary and their colleague).
    let day_before = starts - TimeDelta::hours(23);
    // Two nodes running the pass at the same moment raise it once.
    let (first, second) = tokio::join!(remind_at(app, day_before), remind_at(app, day_before));
    assert_eq!(first.0 + second.0, 1, "{first:?} {second:?}");
    assert_eq!(first.1 + second.1, 3, "{first:?} {second:?}");
    assert_eq!(
        remind_at(app, day_before + TimeDelta::minutes(5)).await,
        (0, 0)
    );
    let told = reminders(cell_secretary.clone()).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["object_id"], id);
    let told_start: DateTime<Utc> = serde_json::from_value(told[0]["happens_at"].clone()).unwrap();
    assert_eq!(told_start, starts);
    assert!(
        reminders(world.member_a1.access_token.clone())
            .await
            .is_empty()
    );
    assert!(
        reminders(world.member_a2.access_token.clone())
            .await
            .is_empty()
    );

    // An hour before: the second reminder.
    assert_eq!(
        remind_at(app, starts - TimeDelta::minutes(50)).await,
        (1, 3)
    );
    assert_eq!(reminders(cell_secretary.clone()).await.len(), 2);
    // Started: nothing more.
    assert_eq!(remind_at(app, starts + TimeDelta::minutes(1)).await, (0, 0));
}

async fn a_required_document_is_reminded_before_it_is_due_to_those_who_have_not_acknowledged_it(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let created = app
        .created_document(
            secretary,
            crate::documents::congress_resolution(&world.ward_a),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let due_on = (Utc::now() + TimeDelta::days(5)).date_naive();
    let published = app
        .publish_document(
            secretary,
            id,
            json!({"org_ids": [world.cell_a2], "required": true, "due_on": due_on}),
        )
        .await;
    assert_eq!(published.status().as_u16(), 200);
    // Member A2 studies it; their colleague does not.
    let member = &world.member_a2.access_token;
    assert_eq!(app.get_document(member, id).await.status().as_u16(), 200);
    let acknowledged = app.acknowledge_document(member, id, json!({})).await;
    assert_eq!(acknowledged.status().as_u16(), 200);

    let morning = |days_before: i64| {
        (due_on - TimeDelta::days(days_before))
            .and_hms_opt(1, 0, 0)
            .unwrap()
            .and_utc()
    };
    assert_eq!(remind_at(&app, morning(4)).await, (0, 0), "too early");
    assert_eq!(
        remind_at(&app, morning(3)).await,
        (1, 1),
        "the colleague alone"
    );
    assert_eq!(remind_at(&app, morning(1)).await, (0, 0), "once");
    assert!(
        of_kind(&app, member, "document_due_reminder")
            .await
            .is_empty()
    );
}

async fn a_cells_managers_hear_when_no_regular_meeting_is_recorded_this_month(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let cell_secretary = &world.cell_secretary.access_token;
    // Early in the month: a week is left.
    assert_eq!(remind_at(&app, at("2026-12-10T03:00:00Z")).await, (0, 0));
    // From the 20th: cells A1, A2 and B1 have held no meeting, but only A1 has a manager.
    let (raised, told) = remind_at(&app, at("2026-12-21T03:00:00Z")).await;
    assert_eq!((raised, told), (3, 1));
    let news = of_kind(&app, cell_secretary, "meeting_missing_reminder").await;
    assert_eq!(news.len(), 1);
    assert_eq!(news[0]["object_type"], "organization");
    assert_eq!(news[0]["object_id"], world.cell_a1.as_str());
    assert_eq!(news[0]["note"], "2026-12");
    assert!(
        of_kind(
            &app,
            &world.ward_secretary.access_token,
            "meeting_missing_reminder"
        )
        .await
        .is_empty()
    );
    assert_eq!(remind_at(&app, at("2026-12-22T03:00:00Z")).await, (0, 0));

    // January: cell A1 announces its meeting, and hears nothing.
    let starts = at("2027-01-15T01:00:00Z");
    let created: Value = app
        .created_session(
            cell_secretary,
            json!({
                "kind": "regular", "title": "Sinh hoạt chi bộ tháng 1", "host_org_id": world.cell_a1,
                "invited_org_ids": [world.cell_a1], "mode": "in_person", "location": "Nhà văn hoá",
                "starts_at": starts, "ends_at": starts + TimeDelta::hours(2),
            }),
        )
        .await;
    let published = app
        .update_session(
            cell_secretary,
            created["id"].as_str().unwrap(),
            json!({"state": "published"}),
        )
        .await;
    assert_eq!(published.status().as_u16(), 200);
    let (raised, told) = remind_at(&app, at("2027-01-25T03:00:00Z")).await;
    assert_eq!(
        (raised, told),
        (2, 0),
        "A2 and B1, which have no manager to tell"
    );
    assert_eq!(
        of_kind(&app, cell_secretary, "meeting_missing_reminder")
            .await
            .len(),
        1
    );
}

async fn the_server_raises_reminders_by_itself(backend: Backend) {
    let database = crate::helpers::TestDatabase::fresh(backend);
    let app = TestApp::spawn_with(database, &[("SOTAY_REMINDER_INTERVAL_SECS", "1")]).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let starts = Utc::now() + TimeDelta::minutes(30);
    let created = app
        .created_session(
            secretary,
            json!({
                "kind": "thematic", "title": "Sinh hoạt chuyên đề", "host_org_id": world.ward_a,
                "invited_org_ids": [world.cell_a2], "mode": "online",
                "online_url": "https://meet.example.vn/chuyen-de",
                "starts_at": starts, "ends_at": starts + TimeDelta::hours(1),
            }),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let published = app
        .update_session(secretary, id, json!({"state": "published"}))
        .await;
    assert_eq!(published.status().as_u16(), 200);
    // The task looks every second: give it a few.
    let member = &world.member_a2.access_token;
    for _ in 0..50 {
        if !of_kind(&app, member, "session_reminder").await.is_empty() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("no reminder within 10 seconds");
}
