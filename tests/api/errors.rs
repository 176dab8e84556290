use crate::helpers::{Backend, TestApp, problem};

on_every_backend!(
    an_unknown_route_is_a_404_problem,
    a_wrong_method_is_a_405_problem_naming_the_allowed_ones,
    problems_speak_vietnamese_unless_english_is_preferred,
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
