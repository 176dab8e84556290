use crate::helpers::{Backend, TestApp, problem};

on_every_backend!(
    an_unknown_route_is_a_404_problem,
    a_wrong_method_is_a_405_problem_naming_the_allowed_ones,
    problems_speak_vietnamese_unless_english_is_preferred,
    a_body_that_is_not_a_json_object_is_refused_and_does_nothing,
);

async fn an_unknown_route_is_a_404_problem(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in [
        "/api/v1/khong-co",
        "/",
        "/api/v2/meta",
        "/health/live/extra",
    ] {
        let body = problem(app.get(path).await, 404).await;
        assert_eq!(body["code"], "not_found");
        assert_eq!(body["instance"], path);
    }
}

async fn a_wrong_method_is_a_405_problem_naming_the_allowed_ones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app
        .client
        .delete(app.url("/api/v1/meta"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["allow"], "GET");
    let body = problem(response, 405).await;
    assert_eq!(body["code"], "method_not_allowed");

    let response = app
        .client
        .post(app.url("/health/ready"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    problem(response, 405).await;
}

async fn problems_speak_vietnamese_unless_english_is_preferred(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let default = app.get("/khong-co").await;
    assert_eq!(default.headers()["content-language"], "vi");
    let body = problem(default, 404).await;
    assert_eq!(body["title"], "Không tìm thấy");

    let english = app
        .client
        .get(app.url("/khong-co"))
        .header("Accept-Language", "en-US,en;q=0.9,vi;q=0.5")
        .send()
        .await
        .unwrap();
    assert_eq!(english.headers()["content-language"], "en");
    let body = problem(english, 404).await;
    assert_eq!(body["title"], "Not found");
    assert_eq!(
        body["code"], "not_found",
        "the code does not depend on the language"
    );
}

/// serde reads a JSON array into a struct field by field; the schema says every body is an
/// object, so `["<refresh token>"]` must not log anyone out.
async fn a_body_that_is_not_a_json_object_is_refused_and_does_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let token = serde_json::json!(admin.refresh_token);
    for body in [
        serde_json::json!([token]),
        token.clone(),
        serde_json::Value::Null,
    ] {
        let response = app.logout(body.clone()).await;
        let problem = problem(response, 422).await;
        assert_eq!(problem["code"], "validation_failed", "{body}");
        assert_eq!(problem["errors"][0]["field"], "body", "{body}");
    }
    let response = app
        .refresh(serde_json::json!({"refresh_token": token}))
        .await;
    assert_eq!(response.status().as_u16(), 200, "the session is still open");

    let created = app
        .create_org(
            &admin.access_token,
            serde_json::json!(["Chi bộ 9", "cell", "CB9"]),
        )
        .await;
    assert_eq!(problem(created, 422).await["errors"][0]["field"], "body");
}
