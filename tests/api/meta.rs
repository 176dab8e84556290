use crate::endpoints::paths;
use crate::helpers::{Backend, TestApp};

on_every_backend!(
    meta_names_the_release_backend_and_schema,
    instance_id_survives_a_restart,
);

async fn meta_names_the_release_backend_and_schema(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.meta().await;
    assert_eq!(response.status().as_u16(), 200);
    let meta: serde_json::Value = response.json().await.unwrap();
    assert_eq!(meta["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(meta["api_version"], "v1");
    assert_eq!(meta["database"], backend.name());
    let schema_version = meta["schema_version"].as_str().expect("a schema version");
    assert_eq!(schema_version.len(), 14, "{schema_version}");
    assert!(schema_version.bytes().all(|b| b.is_ascii_digit()));
}

async fn instance_id_survives_a_restart(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first: serde_json::Value = app.meta().await.json().await.unwrap();
    let instance_id = first["instance_id"]
        .as_str()
        .expect("an instance id")
        .to_owned();
    assert!(uuid::Uuid::parse_str(&instance_id).is_ok(), "{instance_id}");

    let sibling = app.spawn_sibling().await;
    let second: serde_json::Value = app
        .client
        .get(format!("{sibling}{}", paths::META))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["instance_id"], instance_id.as_str());

    let other_database = TestApp::spawn(backend).await;
    let third: serde_json::Value = other_database.meta().await.json().await.unwrap();
    assert_ne!(third["instance_id"], instance_id.as_str());
}
