//! Configuration of actix's extractors, so that their failures answer problem+json like every
//! other error instead of actix's plain-text defaults.

use actix_web::error::{JsonPayloadError, PayloadError};
use actix_web::web;

use crate::error::ApiError;
use crate::http::problem::{FieldViolation, Text};

/// Largest JSON body accepted. Generous for any form the admin client sends; file uploads get
/// their own, larger limit where they are accepted.
pub const MAX_JSON_BODY_BYTES: usize = 256 * 1024;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(MAX_JSON_BODY_BYTES)
        .error_handler(|error, _request| ApiError::from(error).into())
}

pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(MAX_JSON_BODY_BYTES)
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|error, _request| ApiError::InvalidQuery(error.to_string()).into())
}

/// A path segment that does not parse (say, a malformed id) names nothing that exists.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_error, _request| ApiError::NotFound.into())
}

impl From<JsonPayloadError> for ApiError {
    fn from(error: JsonPayloadError) -> Self {
        match error {
            JsonPayloadError::OverflowKnownLength { limit, .. }
            | JsonPayloadError::Overflow { limit } => ApiError::PayloadTooLarge { limit },
            JsonPayloadError::Payload(PayloadError::Overflow) => ApiError::PayloadTooLarge {
                limit: MAX_JSON_BODY_BYTES,
            },
            JsonPayloadError::ContentType => ApiError::UnsupportedMediaType {
                expected: "application/json",
            },
            JsonPayloadError::Deserialize(cause) if cause.is_data() => {
                ApiError::Validation(vec![FieldViolation {
                    field: "body".to_owned(),
                    code: "invalid",
                    message: Text::new(
                        format!("Dữ liệu không đúng dạng: {cause}"),
                        format!("The body does not have the expected shape: {cause}"),
                    ),
                }])
            }
            JsonPayloadError::Deserialize(cause) => ApiError::MalformedJson(cause.to_string()),
            other => ApiError::MalformedJson(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};
    use serde_json::Value;

    use super::*;
    use crate::http::request_context::request_context;

    #[derive(serde::Deserialize)]
    struct Greeting {
        #[allow(dead_code)]
        name: String,
    }

    async fn greet(_body: web::Json<Greeting>) -> HttpResponse {
        HttpResponse::NoContent().finish()
    }

    async fn fail() -> Result<HttpResponse, ApiError> {
        Err(ApiError::internal("disk on fire at /var/lib/secret"))
    }

    /// A small app with the server's real extractor configuration and middleware, and a JSON
    /// endpoint to feed bad input to. (The skeleton has no JSON endpoint of its own yet.)
    async fn send(request: test::TestRequest) -> (StatusCode, Option<HeaderValue>, Value) {
        let app = test::init_service(
            App::new()
                .app_data(json_config())
                .app_data(payload_config())
                .wrap(from_fn(request_context))
                .route("/greet", web::post().to(greet))
                .route("/fail", web::get().to(fail)),
        )
        .await;
        let response = test::call_service(&app, request.to_request()).await;
        let status = response.status();
        let content_type = response.headers().get(CONTENT_TYPE).cloned();
        let body = test::read_body(response).await;
        (
            status,
            content_type,
            serde_json::from_slice(&body).unwrap_or(Value::Null),
        )
    }

    fn post_greet() -> test::TestRequest {
        test::TestRequest::post().uri("/greet")
    }

    #[actix_web::test]
    async fn well_formed_json_reaches_the_handler() {
        let (status, _, _) = send(post_greet().set_json(serde_json::json!({"name": "An"}))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }

    #[actix_web::test]
    async fn malformed_json_is_a_400_problem() {
        let request = post_greet()
            .insert_header((CONTENT_TYPE, "application/json"))
            .set_payload("{\"name\": ");
        let (status, content_type, body) = send(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(content_type.unwrap(), "application/problem+json");
        assert_eq!(body["code"], "malformed_json");
        assert_eq!(body["status"], 400);
    }

    #[actix_web::test]
    async fn json_of_the_wrong_shape_is_a_422_validation_problem() {
        let (status, _, body) = send(post_greet().set_json(serde_json::json!({"name": 7}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["code"], "validation_failed");
        assert_eq!(body["errors"][0]["field"], "body");
        assert_eq!(body["errors"][0]["code"], "invalid");
    }

    #[actix_web::test]
    async fn a_body_that_is_not_json_is_a_415_problem() {
        let request = post_greet()
            .insert_header((CONTENT_TYPE, "text/plain"))
            .set_payload("name=An");
        let (status, _, body) = send(request).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(body["code"], "unsupported_media_type");
    }

    #[actix_web::test]
    async fn an_oversized_body_is_a_413_problem() {
        let name = "a".repeat(MAX_JSON_BODY_BYTES);
        let (status, _, body) =
            send(post_greet().set_json(serde_json::json!({"name": name}))).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(body["code"], "payload_too_large");
    }

    #[actix_web::test]
    async fn an_unexpected_error_is_an_opaque_500_with_a_request_id() {
        let (status, _, body) = send(test::TestRequest::get().uri("/fail")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body["code"], "internal_error");
        assert!(!body.to_string().contains("disk on fire"), "{body}");
        assert!(body["request_id"].as_str().is_some_and(|id| !id.is_empty()));
    }

    #[actix_web::test]
    async fn problems_speak_english_when_asked() {
        let request = post_greet()
            .insert_header(("Accept-Language", "en-GB,en;q=0.9"))
            .insert_header((CONTENT_TYPE, "text/plain"));
        let (_, _, body) = send(request).await;
        assert_eq!(body["title"], "Unsupported media type");
        let (_, _, body) = send(post_greet().insert_header((CONTENT_TYPE, "text/plain"))).await;
        assert_eq!(body["title"], "Kiểu nội dung không được hỗ trợ");
    }
}
