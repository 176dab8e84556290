//! Who should read a document, and who has.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::congress_resolution;

on_every_backend!(readership_counts_each_active_reader_once_and_names_the_rest,);

async fn readership_counts_each_active_reader_once_and_names_the_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let admin = &world.admin.access_token;
    let secretary = &world.ward_secretary.access_token;
    // Cường is exempt (miễn sinh hoạt): not counted. Em lives in B1 but is attached to A1:
    // counted once, in A1.
    app.update_member(
        admin,
        &world.colleague_a1,
        json!({"activity_status": "exempt"}),
    )
    .await;
    app.update_member(
        admin,
        &world.other_b1,
        json!({"attached_org_id": world.cell_a1}),
    )
    .await;
    let created = app
        .created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let id = created["id"].as_str().unwrap();
    app.publish_document(
        secretary,
        id,
        json!({"org_ids": [world.ward_a], "required": true}),
    )
    .await;
    app.get_document(&world.member_a1.access_token, id).await;
    app.acknowledge_document(&world.member_a1.access_token, id, json!({}))
        .await;
    app.get_document(&world.member_a2.access_token, id).await;

    let by_ward = format!("?org_id={}", world.ward_a);
    let by_cell_a1 = format!("?org_id={}", world.cell_a1);
    let ward: Value = app
        .document_readership(secretary, id, &by_ward)
        .await
        .json()
        .await
        .unwrap();
    // Phường, Chi, An, Bình, Dung, Em: six; Cường is exempt.
    assert_eq!(
        (
            ward["expected"].clone(),
            ward["opened"].clone(),
            ward["acknowledged"].clone()
        ),
        (json!(6), json!(2), json!(1))
    );
    let pending: Vec<(&str, bool)> = ward["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["card_number"].as_str().unwrap(),
                p["opened"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(pending.len(), 5);
    assert!(
        pending.contains(&("79000004", true)),
        "Bình opened, not acknowledged"
    );
    assert!(
        !pending.iter().any(|(card, _)| *card == "79000003"),
        "An acknowledged"
    );
    assert!(
        !pending.iter().any(|(card, _)| *card == "79000005"),
        "Cường is exempt"
    );

    let cell: Value = app
        .document_readership(&world.cell_secretary.access_token, id, &by_cell_a1)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        cell["expected"], 4,
        "Phường, Chi, An, and Em who is attached here"
    );

    problem(
        app.document_readership(&world.member_a1.access_token, id, &by_cell_a1)
            .await,
        403,
    )
    .await;

    let text = app.document_readership_csv(secretary, id, &by_ward).await;
    assert!(text.starts_with('\u{feff}'), "a BOM, for Excel");
    assert_eq!(text.lines().count(), 6, "a header and five members: {text}");
    assert!(text.contains("Hoàng Thị Bình"));
    // Em is reported at A1, where she is attached: her home cell B1 is not the ward
    // secretary's to see.
    let em = text
        .lines()
        .find(|line| line.contains("Bùi Văn Em"))
        .unwrap();
    assert!(em.contains(",A1,") && !em.contains("B1"), "{em}");
    let em_json = ward["pending"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["card_number"] == "79000007")
        .unwrap();
    assert_eq!(em_json["org_id"], world.cell_a1.as_str());
}
