//! The roll: who is expected (each once, the exempt apart, visitors in), marks and corrections
//! with reasons and their history, the minutes' counts, the CSV, and a member's record.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::{hour_for_cell_a1, opened};

on_every_backend!(
    the_roll_counts_each_expected_member_once_and_lists_the_exempt_apart,
    marks_and_corrections_need_reasons_and_keep_their_history,
);

async fn the_roll_counts_each_expected_member_once_and_lists_the_exempt_apart(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let admin = &world.admin.access_token;
    let secretary = &world.ward_secretary.access_token;
    // A visitor from B1 attached to A1, and an exempt member of A1.
    let visitor = app
        .update_member(
            admin,
            &world.other_b1,
            json!({"attached_org_id": world.cell_a1}),
        )
        .await;
    assert_eq!(visitor.status().as_u16(), 200);
    let exempt = app
        .update_member(
            admin,
            &world.colleague_a1,
            json!({"activity_status": "exempt"}),
        )
        .await;
    assert_eq!(exempt.status().as_u16(), 200);
    // Invited twice over: the ward and, inside it, cell A1.
    let mut body = hour_for_cell_a1(&world);
    body["invited_org_ids"] = json!([world.cell_a1, world.ward_a]);
    let (id, token) = opened(&app, &world, body).await;
    let member = &world.member_a1.access_token;
    let check_in = json!({"qr_token": token, "client_id": "roll-1"});
    assert_eq!(
        app.check_in(member, &id, check_in).await.status().as_u16(),
        200
    );

    let roll: Value = app.session_roll(secretary, &id).await.json().await.unwrap();
    let counts = &roll["counts"];
    // Ward A: A1's three active members, A2's two, and the visitor; the exempt one apart.
    assert_eq!(counts["total"], 6, "{roll}");
    assert_eq!(counts["exempt"], 1);
    assert_eq!(counts["attached"], 1);
    assert_eq!(counts["present"], 1);
    assert_eq!(counts["unrecorded"], 5);
    let items = roll["items"].as_array().unwrap();
    let ids: Vec<&str> = items
        .iter()
        .map(|i| i["member_id"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "each person once");
    let exempt_line = items
        .iter()
        .find(|i| i["member_id"] == world.colleague_a1.as_str())
        .unwrap();
    assert_eq!(
        (
            exempt_line["exempt"].clone(),
            exempt_line["expected"].clone()
        ),
        (json!(true), json!(false))
    );

    // Closing marks the others absent without reason, and not the exempt member.
    app.update_session(secretary, &id, json!({"state": "closed"}))
        .await;
    let roll: Value = app.session_roll(secretary, &id).await.json().await.unwrap();
    assert_eq!(roll["counts"]["unrecorded"], 0);
    assert_eq!(roll["counts"]["absent_unexcused"], 5);
    assert_eq!(roll["absent_without_reason"].as_array().unwrap().len(), 5);
    let exempt_line = roll["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["member_id"] == world.colleague_a1.as_str())
        .unwrap();
    assert_eq!(exempt_line["status"], Value::Null);

    // The CSV opens in Excel: BOM, CRLF, Vietnamese as written.
    let csv = app.session_roll_csv(secretary, &id).await;
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("\r\n"));
    assert!(csv.contains("Phạm Văn An"));
    assert_eq!(csv.trim_end().split("\r\n").count(), 1 + items.len());

    // The record of a member: theirs and their managers', not a colleague's.
    let absent = world.member_a2.member_id.as_str();
    let record: Value = app
        .member_attendance(&world.member_a2.access_token, absent, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(record["unexcused_absences_last_12_months"], 1);
    assert_eq!(record["items"][0]["status"], "absent_unexcused");
    let colleague = app
        .member_attendance(member, &world.cell_secretary.member_id, "")
        .await;
    problem(colleague, 403).await;
    problem(app.session_roll(member, &id).await, 403).await;
}

async fn marks_and_corrections_need_reasons_and_keep_their_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let (id, _) = opened(&app, &world, hour_for_cell_a1(&world)).await;
    let colleague = world.colleague_a1.as_str();

    let present = json!({"status": "present"});
    let marked = app
        .mark_attendance(secretary, &id, colleague, present.clone())
        .await;
    assert_eq!(marked.status().as_u16(), 200);
    // The same mark again changes nothing.
    let again: Value = app
        .mark_attendance(secretary, &id, colleague, present)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["history"].as_array().unwrap().len(), 1);
    let unexplained = app
        .mark_attendance(secretary, &id, colleague, json!({"status": "late"}))
        .await;
    assert_eq!(
        problem(unexplained, 422).await["errors"][0]["code"],
        "reason_required"
    );
    let corrected: Value = app
        .mark_attendance(
            secretary,
            &id,
            colleague,
            json!({"status": "late", "reason": "Đến sau khi khai mạc 20 phút"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(corrected["entry"]["status"], "late");
    let history = corrected["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1]["from_status"], "present");
    assert_eq!(history[1]["reason"], "Đến sau khi khai mạc 20 phút");
    assert_eq!(
        history[1]["changed_by"],
        world.ward_secretary.member_id.as_str()
    );

    let member_a1 = world.member_a1.member_id.as_str();
    let excused = json!({"status": "absent_excused"});
    let bare = app
        .mark_attendance(secretary, &id, member_a1, excused)
        .await;
    problem(bare, 422).await;
    // Not invited: A2 is the ward's, but not this session's; B1 is not the ward's at all.
    let a2 = world.member_a2.member_id.as_str();
    let mark = json!({"status": "present"});
    let not_invited = app.mark_attendance(secretary, &id, a2, mark.clone()).await;
    assert_eq!(problem(not_invited, 409).await["code"], "not_expected");
    let hidden = app
        .mark_attendance(secretary, &id, &world.other_b1, mark.clone())
        .await;
    problem(hidden, 404).await;
    // Only the session's managers keep the roll.
    let cell_secretary = &world.cell_secretary.access_token;
    problem(
        app.mark_attendance(cell_secretary, &id, colleague, mark)
            .await,
        403,
    )
    .await;
    // Every mark is in the audit trail.
    let trail: Value = app
        .list_audit_events(secretary, "")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"attendance.marked") && actions.contains(&"attendance.corrected"));
}
