//! Requests that break HTTP itself, as written by hand or by a hostile client: each gets a
//! problem+json answer, whether actix-http refuses it before routing or the application does.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Backend, TestApp};

on_every_backend!(
    a_head_actix_cannot_read_gets_a_problem_not_an_empty_body,
    header_values_the_application_cannot_read_get_a_problem,
);

/// Writes `request` as raw bytes on a new connection and reads the whole answer.
async fn raw(app: &TestApp, request: &[u8]) -> (u16, String, Value) {
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    // The server may close before reading everything we sent; what it answered is still there.
    let _ = stream.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("a whole response: {answer:?}"));
    let status = head[9..12].parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or(Value::Null);
    (status, head.to_ascii_lowercase(), body)
}

fn assert_problem(status: u16, head: &str, body: &Value, expected: u16, code: &str) {
    assert_eq!(status, expected, "{head}\n{body}");
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    assert_eq!(body["status"], expected);
    assert_eq!(body["code"], code);
    assert_eq!(body["type"], format!("urn:sotay:problem:{code}"));
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    let request_id = body["request_id"].as_str().unwrap();
    assert!(
        head.contains(&format!("x-request-id: {request_id}")),
        "{head}"
    );
}

async fn a_head_actix_cannot_read_gets_a_problem_not_an_empty_body(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let control = b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Note: a\x01b\r\n\r\n";
    let (status, head, body) = raw(&app, control).await;
    assert_problem(status, &head, &body, 400, "malformed_request");

    let mut many = String::from("GET /health/live HTTP/1.1\r\nHost: x\r\n");
    for n in 0..200 {
        many.push_str(&format!("X-Header-{n}: {n}\r\n"));
    }
    many.push_str("\r\n");
    let (status, head, body) = raw(&app, many.as_bytes()).await;
    assert_problem(status, &head, &body, 431, "request_header_fields_too_large");

    let long_line = format!(
        "GET /health/live?{} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let (status, head, body) = raw(&app, long_line.as_bytes()).await;
    assert_problem(status, &head, &body, 400, "malformed_request");

    let huge_head = format!(
        "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(200 * 1024)
    );
    let (status, head, body) = raw(&app, huge_head.as_bytes()).await;
    assert_problem(status, &head, &body, 431, "request_header_fields_too_large");

    // The server still serves, and a well-formed request on a kept-alive connection is not
    // touched by any of this.
    let (status, _, body) = raw(
        &app,
        b"GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}

async fn header_values_the_application_cannot_read_get_a_problem(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let bad_token = b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\nConnection: close\r\n\r\n";
    let (status, head, body) = raw(&app, bad_token).await;
    assert_problem(status, &head, &body, 401, "unauthorized");

    let body_text = r#"{"login": "79000001", "password": "x"}"#;
    let wrong_type = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: garbage\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body_text}",
        body_text.len()
    );
    let (status, head, body) = raw(&app, wrong_type.as_bytes()).await;
    assert_problem(status, &head, &body, 415, "unsupported_media_type");
}
