//! What the hot requests cost the database, in statements (transaction control included: each
//! is a round trip). The server counts every statement its pool's connections send and shows
//! the total in `/metrics`; these tests read it around one request on an otherwise idle server.
//! A change that adds a query per row, or a second trip, fails here rather than in a benchmark.

use serde_json::json;

use crate::helpers::{Backend, TestApp};
use crate::world::World;

/// `sotay_db_statements_total` as `/metrics` shows it now.
async fn statements_so_far(app: &TestApp) -> u64 {
    let text = app.metrics().await.text().await.unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("sotay_db_statements_total "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no statement counter in /metrics:\n{text}"))
}

/// The statements one request costs, and its status.
async fn cost_of(
    app: &TestApp,
    request: impl std::future::Future<Output = reqwest::Response>,
) -> (u64, u16) {
    let before = statements_so_far(app).await;
    let status = request.await.status().as_u16();
    (statements_so_far(app).await - before, status)
}

async fn hot_requests_cost_a_fixed_number_of_statements(backend: Backend) {
    // One node, one clock: no skew allowance, so a sync right after another finds nothing.
    let app = TestApp::spawn_with(
        crate::helpers::TestDatabase::fresh(backend),
        &[("SOTAY_SYNC_CLOCK_SKEW_MS", "0")],
    )
    .await;
    let world = World::build(&app).await;
    let secretary = world.ward_secretary.access_token.as_str();
    let member = world.member_a1.access_token.as_str();
    // A page of documents, so that a query per row would show.
    let mut ids = Vec::new();
    for number in 1..=5 {
        let created = app
            .created_document(
                secretary,
                json!({"org_id": world.ward_a, "kind": "resolution", "code": format!("0{number}-NQ/ĐU"),
                       "title": format!("Nghị quyết số {number}"), "issuer": "Đảng ủy phường A"}),
            )
            .await;
        let id = created["id"].as_str().unwrap().to_owned();
        let published = app
            .publish_document(
                secretary,
                &id,
                json!({"org_ids": [world.cell_a1], "required": true}),
            )
            .await;
        assert_eq!(published.status().as_u16(), 200);
        ids.push(id);
    }
    let document = ids[0].as_str();
    // The first open records the read receipt; the next are re-reads.
    assert_eq!(
        app.get_document(member, document).await.status().as_u16(),
        200
    );

    let (session, token) =
        crate::sessions::opened(&app, &world, crate::sessions::hour_for_cell_a1(&world)).await;
    let check_in = json!({"qr_token": token, "client_id": "cost-1"});

    let mut measured = vec![
        ("GET /me", cost_of(&app, app.get_me(member)).await),
        (
            "GET /documents",
            cost_of(&app, app.list_documents(member, "")).await,
        ),
        (
            "GET /documents/{id}",
            cost_of(&app, app.get_document(member, document)).await,
        ),
        (
            "POST /documents/{id}/acknowledge",
            cost_of(&app, app.acknowledge_document(member, document, json!({}))).await,
        ),
        (
            "GET /members",
            cost_of(&app, app.list_members(secretary, "")).await,
        ),
        (
            "POST /sessions/{id}/check-ins",
            cost_of(&app, app.check_in(member, &session, check_in.clone())).await,
        ),
        (
            "POST /sessions/{id}/check-ins, resent",
            cost_of(&app, app.check_in(member, &session, check_in)).await,
        ),
        (
            "GET /me/notifications",
            cost_of(&app, app.list_notifications(member, "")).await,
        ),
    ];
    // A phone's sync when nothing changed since its cursor (taken after everything above).
    let synced: serde_json::Value = app.sync(member, "").await.json().await.unwrap();
    let cursor = format!("?since={}", synced["cursor"].as_str().unwrap());
    measured.push((
        "GET /me/sync, nothing changed",
        cost_of(&app, app.sync(member, &cursor)).await,
    ));
    // The caller in one statement; then the work. A re-read of one document is the document
    // with its owner and the caller's read, then its publications; acknowledging does the same
    // in a transaction (BEGIN, COMMIT) with the write. A list costs the same for one document
    // or a page of them. A check-in: the caller; in its transaction the session with its
    // invitations, the member's entry, the receipt's claim, the entry, its history and the
    // audit event. Resent, the claim finds the receipt, which is read and answered again.
    let want = [
        ("GET /me", 3),
        ("GET /documents", 4),
        ("GET /documents/{id}", 3),
        ("POST /documents/{id}/acknowledge", 6),
        ("GET /members", 3),
        ("POST /sessions/{id}/check-ins", 9),
        ("POST /sessions/{id}/check-ins, resent", 7),
        ("GET /me/notifications", 3),
        // The caller; on PostgreSQL the oldest open transaction's start; one probe of every
        // collection, without a transaction or a lock; the unread count.
        (
            "GET /me/sync, nothing changed",
            if backend == Backend::Postgres { 4 } else { 3 },
        ),
    ];
    for ((name, (cost, status)), (wanted_name, wanted)) in measured.iter().zip(want) {
        assert_eq!(*name, wanted_name);
        assert_eq!(*status, 200, "{name}");
        assert_eq!(
            *cost, wanted,
            "{name} costs {cost} statements, not {wanted}"
        );
    }
}

on_every_backend!(hot_requests_cost_a_fixed_number_of_statements);
