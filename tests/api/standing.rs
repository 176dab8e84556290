//! A member's standing (home cell, temporary attachment, activity status) changes under the
//! same rules through the register (`PATCH /members/{id}`) and the CSV import.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem, problem_fields};
use crate::world::World;

on_every_backend!(
    nobody_is_attached_to_their_own_home_cell,
    moving_into_the_host_cell_needs_the_attachment_ended_in_the_same_change,
    an_import_that_suspends_a_member_ends_their_sessions,
    an_import_changes_only_members_the_caller_administers_and_never_their_own_status,
);

async fn nobody_is_attached_to_their_own_home_cell(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;

    let body = json!({
        "card_number": "79400001", "full_name": "Lò Văn Pả", "party_status": "official",
        "org_id": world.cell_a1, "attached_org_id": world.cell_a1,
    });
    let refused = problem(app.create_member(token, body).await, 422).await;
    assert_eq!(problem_fields(&refused), ["attached_org_id"]);
    assert_eq!(refused["errors"][0]["code"], "attached_to_home");

    let patch = json!({"attached_org_id": world.cell_a1});
    let refused = problem(
        app.update_member(token, &world.colleague_a1, patch).await,
        422,
    )
    .await;
    assert_eq!(refused["errors"][0]["code"], "attached_to_home");
    let stored: Value = app
        .get_member(token, &world.colleague_a1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["attached_org_id"], Value::Null, "nothing written");
}

async fn moving_into_the_host_cell_needs_the_attachment_ended_in_the_same_change(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let visitor = &world.colleague_a1;
    let attach = json!({"attached_org_id": world.cell_a2});
    assert_eq!(
        app.update_member(token, visitor, attach).await.status(),
        200
    );

    let move_alone = json!({"org_id": world.cell_a2});
    let refused = problem(app.update_member(token, visitor, move_alone).await, 422).await;
    assert_eq!(problem_fields(&refused), ["org_id"]);
    assert_eq!(refused["errors"][0]["code"], "attached_to_home");

    let move_and_end = json!({"org_id": world.cell_a2, "attached_org_id": null});
    let moved: Value = app
        .update_member(token, visitor, move_and_end)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["org_id"], world.cell_a2.as_str());
    assert_eq!(moved["attached_org_id"], Value::Null);
}

async fn an_import_that_suspends_a_member_ends_their_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let member = &world.member_a1;
    assert_eq!(app.get_me(&member.access_token).await.status(), 200);

    let file = "\u{feff}card_number,activity_status\r\n79000003,suspended\r\n";
    let report: Value = app
        .import_members(&world.ward_secretary.access_token, "", file.to_owned())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["updated"], 1, "{report}");

    assert_eq!(app.get_me(&member.access_token).await.status(), 401);
    let refreshed = app
        .refresh(json!({"refresh_token": member.refresh_token}))
        .await;
    assert_eq!(refreshed.status(), 401, "the refresh token is revoked too");
}

async fn an_import_changes_only_members_the_caller_administers_and_never_their_own_status(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.cell_secretary.access_token;
    // The ward's secretary lives in cell A1, which the cell secretary manages, but holds a
    // position at the ward, which the cell secretary does not.
    let unchanged = "card_number,full_name\n79000001,Trần Văn Phường\n";
    let report: Value = app
        .import_members(token, "", unchanged.to_owned())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        report["unchanged"], 1,
        "an unchanged row is no takeover: {report}"
    );

    let file = "card_number,full_name,activity_status\n\
                79000001,Trần Văn Khác,\n\
                79000002,,suspended\n\
                79000003,Phạm Văn An Mới,\n";
    let refused = problem(app.import_members(token, "", file.to_owned()).await, 422).await;
    assert_eq!(
        problem_fields(&refused),
        ["line 2: card_number", "line 3: activity_status"]
    );
    assert_eq!(refused["errors"][0]["code"], "not_managed");
    assert_eq!(refused["errors"][1]["code"], "own_status");

    // Nothing was written, not even the row that was fine; the PATCH path agrees.
    let ward_secretary = &world.ward_secretary.member_id;
    let stored: Value = app
        .get_member(&world.admin.access_token, ward_secretary)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["full_name"], "Trần Văn Phường");
    let patch = json!({"full_name": "Trần Văn Khác"});
    assert_eq!(
        app.update_member(token, ward_secretary, patch)
            .await
            .status(),
        403
    );
    assert_eq!(app.get_me(token).await.status(), 200, "not suspended");
}
