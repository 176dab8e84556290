//! What a document may hold: codes by kind, structures with stable ids.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

use super::congress_resolution;

on_every_backend!(codes_kinds_and_structures_are_checked,);

async fn codes_kinds_and_structures_are_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let refused = |body: Value| {
        let app = &app;
        async move {
            problem(app.create_document(secretary, body).await, 422).await["errors"][0].clone()
        }
    };
    let mut bad_code = congress_resolution(&world.ward_a);
    bad_code["code"] = json!("NQ 01");
    assert_eq!(refused(bad_code).await["code"], "invalid_format");
    let mut mismatch = congress_resolution(&world.ward_a);
    mismatch["code"] = json!("50-CT/TW");
    assert_eq!(refused(mismatch).await["code"], "kind_mismatch");
    let mut untitled = congress_resolution(&world.ward_a);
    untitled["title"] = json!("   ");
    let error = refused(untitled).await;
    assert_eq!(
        (error["field"].clone(), error["code"].clone()),
        (json!("title"), json!("required"))
    );
    let mut forged = congress_resolution(&world.ward_a);
    forged["structure"]["targets"][0]["id"] = json!("01936f0e-0000-7000-8000-000000000000");
    let error = refused(forged).await;
    assert_eq!(error["field"], "structure.targets[0].id");
    assert_eq!(error["code"], "unknown_id");
    let unknown_kind = app
        .create_document(
            secretary,
            json!({"org_id": world.ward_a, "kind": "memo", "code": "1-TB/ĐU", "title": "x", "issuer": "y"}),
        )
        .await;
    assert!(matches!(unknown_kind.status().as_u16(), 400 | 422));

    app.created_document(secretary, congress_resolution(&world.ward_a))
        .await;
    let taken = problem(
        app.create_document(secretary, congress_resolution(&world.ward_a))
            .await,
        409,
    )
    .await;
    assert_eq!(taken["code"], "code_taken");
    let listed: Value = app
        .list_documents(secretary, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        1,
        "nothing half-stored"
    );
}
