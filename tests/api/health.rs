use std::time::{Duration, Instant};

use sotay_persistence::migrations;

use crate::endpoints::paths;
use crate::helpers::{Backend, TestApp, TestDatabase, client, problem, start_server};

on_every_backend!(
    live_answers_ok,
    ready_answers_ok_once_migrated,
    ready_reports_pending_migrations_until_migrated,
);

async fn live_answers_ok(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.health_live().await;
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

async fn ready_answers_ok_once_migrated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.health_ready().await;
    assert_eq!(response.status().as_u16(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

async fn ready_reports_pending_migrations_until_migrated(backend: Backend) {
    let database = TestDatabase::fresh(backend);
    let app = TestApp::spawn_with(database, &[("SOTAY_MIGRATE_ON_START", "false")]).await;

    let response = app.health_ready().await;
    assert_eq!(response.headers()["retry-after"], "5");
    let body = problem(response, 503).await;
    assert_eq!(body["code"], "migrations_pending");

    let mut connection = app.database.connect();
    tokio::task::spawn_blocking(move || migrations::migrate(&mut connection).unwrap())
        .await
        .unwrap();

    assert_eq!(app.health_ready().await.status().as_u16(), 200);
}

/// A server told not to migrate starts without its database, and readiness says so quickly.
#[tokio::test]
async fn ready_is_a_fast_503_when_postgres_is_unreachable() {
    // Port 1 on loopback: nothing listens, so connections are refused at once.
    let unreachable = "postgres://sotay@127.0.0.1:1/sotay";
    let address = start_server(
        unreachable,
        &[
            ("SOTAY_MIGRATE_ON_START", "false"),
            ("SOTAY_DB_TIMEOUT_SECS", "1"),
        ],
    )
    .await;
    let client = client();

    let started = Instant::now();
    let response = client
        .get(format!("{address}{}", paths::HEALTH_READY))
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let body = problem(response, 503).await;
    assert_eq!(body["code"], "database_unreachable");
    assert!(
        elapsed < Duration::from_millis(2500),
        "readiness took {elapsed:?}"
    );

    let response = client
        .get(format!("{address}{}", paths::META))
        .send()
        .await
        .unwrap();
    let body = problem(response, 503).await;
    assert_eq!(body["code"], "database_unavailable");
    assert!(
        !body.to_string().contains("127.0.0.1:1"),
        "no connection details leak: {body}"
    );

    let live = client
        .get(format!("{address}{}", paths::HEALTH_LIVE))
        .send()
        .await
        .unwrap();
    assert_eq!(
        live.status().as_u16(),
        200,
        "liveness does not depend on the database"
    );
}
