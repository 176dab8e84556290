use crate::helpers::{Backend, TestApp};

on_every_backend!(
    the_served_openapi_document_is_the_committed_one,
    the_api_browser_is_served_without_internet,
);

async fn the_served_openapi_document_is_the_committed_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.openapi_json().await;
    assert_eq!(response.status().as_u16(), 200);
    let served: serde_json::Value = response.json().await.unwrap();
    let committed: serde_json::Value = serde_json::from_str(sotay_openapi::COMMITTED).unwrap();
    assert!(
        served == committed,
        "the server serves a different document than openapi/openapi.json: \
         regenerate it with `cargo run -p sotay-openapi`"
    );
    assert_eq!(served["openapi"], "3.1.0");
}

async fn the_api_browser_is_served_without_internet(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = app.get("/api-docs/").await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // Every script and stylesheet the page loads comes from this server, not a CDN.
    for attribute in ["src=\"", "href=\""] {
        for reference in html.split(attribute).skip(1) {
            let target = reference.split('"').next().unwrap_or_default();
            assert!(
                !target.contains("//"),
                "the page loads {target} from elsewhere"
            );
        }
    }
    let bundle = app.get("/api-docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status().as_u16(), 200);
    let initializer = app
        .get("/api-docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        initializer.contains("/api-docs/openapi.json"),
        "{initializer}"
    );
}
