use crate::endpoints::paths;
use crate::helpers::{Backend, TestApp};

on_every_backend!(
    every_response_carries_its_own_request_id,
    a_well_formed_inbound_request_id_is_kept,
    metrics_count_requests_by_route_and_status,
);

fn request_id(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn every_response_carries_its_own_request_id(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ok = app.health_live().await;
    let not_found = app.get("/khong-co").await;
    let (ok_id, not_found_id) = (request_id(&ok), request_id(&not_found));
    assert_ne!(ok_id, not_found_id);
    assert!(uuid::Uuid::parse_str(&ok_id).is_ok(), "{ok_id}");
    let body: serde_json::Value = not_found.json().await.unwrap();
    assert_eq!(
        body["request_id"],
        not_found_id.as_str(),
        "the problem quotes the header"
    );
}

async fn a_well_formed_inbound_request_id_is_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let send = |id: &'static str| {
        app.client
            .get(app.url(paths::HEALTH_LIVE))
            .header("X-Request-Id", id)
            .send()
    };
    assert_eq!(
        request_id(&send("lb-7f3a.42_x").await.unwrap()),
        "lb-7f3a.42_x"
    );
    let replaced = request_id(&send("<script>alert(1)</script>").await.unwrap());
    assert!(uuid::Uuid::parse_str(&replaced).is_ok(), "{replaced}");
}

async fn metrics_count_requests_by_route_and_status(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.meta().await;
    app.meta().await;
    app.get("/khong-co/42").await;

    let response = app.metrics().await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = response.text().await.unwrap();
    for expected in [
        r#"sotay_http_requests_total{method="GET",route="/api/v1/meta",status="200"} 2"#,
        r#"sotay_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"sotay_http_request_duration_seconds_count{method="GET",route="/api/v1/meta"} 2"#,
        "sotay_db_pool_max_connections 4",
        "sotay_db_pool_connections ",
        "sotay_db_pool_idle_connections ",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("khong-co"), "raw paths never become labels");
}
