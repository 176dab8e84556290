//! Reflections: written, submitted, returned with a comment, revised and accepted, with the
//! history kept; reviewed by the cell's managers and never by their author.

use serde_json::{Value, json};

use super::{campaign_over_both_cells, created_campaign, published_resolution};
use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    a_reflection_is_returned_revised_and_accepted_with_its_history_kept,
    nobody_reviews_their_own_reflection_and_others_do_not_see_it,
    a_double_tapped_submission_is_submitted_once,
);

async fn json_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    response.json().await.unwrap()
}

async fn a_reflection_is_returned_revised_and_accepted_with_its_history_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = published_resolution(&app, &world).await;
    let campaign =
        created_campaign(&app, &world, campaign_over_both_cells(&world, &resolution)).await;
    let member = &world.member_a1.access_token;
    let reviewer = &world.cell_secretary.access_token;

    let nothing = json_of(app.own_reflection(member, &campaign).await, 200).await;
    assert_eq!(
        (&nothing["status"], &nothing["writable"]),
        (&Value::Null, &json!(true))
    );
    let empty = app
        .write_reflection(member, &campaign, json!({"submit": true}))
        .await;
    assert_eq!(
        problem(empty, 422).await["errors"][0]["code"],
        "required_to_submit"
    );
    // Typed on a phone that sends decomposed Vietnamese: stored composed.
    let decomposed = "Nghi\u{0323} quyê\u{0301}t";
    let draft = app
        .write_reflection(member, &campaign, json!({"body": decomposed}))
        .await;
    let draft = json_of(draft, 200).await;
    assert_eq!(
        (&draft["status"], &draft["body"]),
        (&json!("draft"), &json!("Nghị quyết"))
    );
    let id = draft["id"].as_str().unwrap().to_owned();
    // A draft is its author's alone.
    let listed = json_of(app.list_reflections(reviewer, &campaign, "").await, 200).await;
    assert!(listed["items"].as_array().unwrap().is_empty());
    let early = app
        .review_reflection(reviewer, &id, json!({"decision": "accept"}))
        .await;
    problem(early, 404).await;

    let first = json!({"body": "Bản thân nhận thức rõ bốn khâu đột phá.", "submit": true});
    json_of(app.write_reflection(member, &campaign, first).await, 200).await;
    let locked = app
        .write_reflection(member, &campaign, json!({"body": "Sửa lại"}))
        .await;
    assert_eq!(problem(locked, 409).await["code"], "reflection_submitted");
    let by_colleague = app
        .review_reflection(
            &world.member_a2.access_token,
            &id,
            json!({"decision": "accept"}),
        )
        .await;
    problem(by_colleague, 404).await;
    let bare = app
        .review_reflection(reviewer, &id, json!({"decision": "return"}))
        .await;
    assert_eq!(
        problem(bare, 422).await["errors"][0]["code"],
        "required_to_return"
    );
    let comment = "Cần liên hệ nhiệm vụ của bản thân ở tổ dân phố.";
    let returned = app
        .review_reflection(
            reviewer,
            &id,
            json!({"decision": "return", "comment": comment}),
        )
        .await;
    let returned = json_of(returned, 200).await;
    assert_eq!(returned["status"], "returned");
    assert_eq!(returned["author"]["id"], json!(world.member_a1.member_id));

    let seen = json_of(app.own_reflection(member, &campaign).await, 200).await;
    assert_eq!(
        (&seen["review_comment"], &seen["writable"]),
        (&json!(comment), &json!(true))
    );
    // A revision being written stays the author's: reviewers still read what was handed in.
    let revising = app
        .write_reflection(member, &campaign, json!({"body": "Đang sửa, chưa xong"}))
        .await;
    assert_eq!(json_of(revising, 200).await["status"], "returned");
    let listed = json_of(
        app.list_reflections(reviewer, &campaign, "?status=returned")
            .await,
        200,
    )
    .await;
    assert_eq!(
        listed["items"][0]["body"],
        "Bản thân nhận thức rõ bốn khâu đột phá."
    );
    let second = json!({"body": "Bản thân nhận thức rõ bốn khâu đột phá; nhận giúp đỡ hai hộ.", "submit": true});
    json_of(app.write_reflection(member, &campaign, second).await, 200).await;
    let pending = json_of(
        app.list_reflections(reviewer, &campaign, "?status=submitted")
            .await,
        200,
    )
    .await;
    assert_eq!(pending["items"][0]["id"], json!(id));
    let accepted = app
        .review_reflection(reviewer, &id, json!({"decision": "accept"}))
        .await;
    assert_eq!(json_of(accepted, 200).await["status"], "accepted");
    let again = app
        .review_reflection(
            reviewer,
            &id,
            json!({"decision": "return", "comment": "Thêm"}),
        )
        .await;
    assert_eq!(problem(again, 409).await["code"], "not_submitted");
    let finished = json_of(app.own_reflection(member, &campaign).await, 200).await;
    let history: Vec<&str> = finished["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["submitted", "returned", "submitted", "accepted"]);
    assert_eq!(finished["history"][1]["comment"], json!(comment));
    assert_eq!(finished["writable"], false);
    let late = app
        .write_reflection(member, &campaign, json!({"body": "Thêm", "submit": true}))
        .await;
    assert_eq!(problem(late, 409).await["code"], "reflection_accepted");

    let audit = json_of(
        app.list_audit_events(&world.ward_secretary.access_token, "?limit=100")
            .await,
        200,
    )
    .await;
    let reviews: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|event| event["action"].as_str())
        .filter(|action| action.starts_with("reflection."))
        .collect();
    assert_eq!(reviews.len(), 2, "{reviews:?}");
    assert!(reviews.contains(&"reflection.returned") && reviews.contains(&"reflection.accepted"));
}

async fn nobody_reviews_their_own_reflection_and_others_do_not_see_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = published_resolution(&app, &world).await;
    let mut body = campaign_over_both_cells(&world, &resolution);
    body["org_ids"] = json!([world.cell_a1]);
    let campaign = created_campaign(&app, &world, body).await;
    let cell_secretary = &world.cell_secretary.access_token;

    let own = json!({"body": "Bài thu hoạch của bí thư chi bộ.", "submit": true});
    let own = json_of(
        app.write_reflection(cell_secretary, &campaign, own).await,
        200,
    )
    .await;
    let id = own["id"].as_str().unwrap();
    let self_review = app
        .review_reflection(cell_secretary, id, json!({"decision": "accept"}))
        .await;
    problem(self_review, 403).await;
    // The level above reviews a secretary's reflection.
    let by_ward = app
        .review_reflection(
            &world.ward_secretary.access_token,
            id,
            json!({"decision": "accept"}),
        )
        .await;
    assert_eq!(json_of(by_ward, 200).await["status"], "accepted");

    // Cell A2 does not study this campaign: its member neither sees nor writes in it.
    let outsider = &world.member_a2.access_token;
    problem(app.own_reflection(outsider, &campaign).await, 404).await;
    let written = app
        .write_reflection(outsider, &campaign, json!({"body": "x"}))
        .await;
    problem(written, 404).await;
    // The administrator sees it, but studies elsewhere.
    let admin = app
        .write_reflection(&world.admin.access_token, &campaign, json!({"body": "x"}))
        .await;
    assert_eq!(problem(admin, 409).await["code"], "not_in_campaign");
    let listed = app
        .list_reflections(&world.member_a1.access_token, &campaign, "")
        .await;
    problem(listed, 403).await;
    let missing = app
        .review_reflection(
            cell_secretary,
            "0192f0c1-0000-7000-8000-00000000dead",
            json!({"decision": "accept"}),
        )
        .await;
    problem(missing, 404).await;
}

async fn a_double_tapped_submission_is_submitted_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let resolution = published_resolution(&app, &world).await;
    let campaign =
        created_campaign(&app, &world, campaign_over_both_cells(&world, &resolution)).await;
    let member = &world.member_a2.access_token;
    let body = json!({"body": "Bài thu hoạch gửi hai lần.", "submit": true});
    let (first, second) = tokio::join!(
        app.write_reflection(member, &campaign, body.clone()),
        app.write_reflection(member, &campaign, body.clone()),
    );
    let first = json_of(first, 200).await;
    let second = json_of(second, 200).await;
    assert_eq!(first["id"], second["id"]);
    let seen = json_of(app.own_reflection(member, &campaign).await, 200).await;
    assert_eq!(seen["history"].as_array().unwrap().len(), 1);
}
