//! The middleware every request passes through: a request id, a tracing span, metrics, and the
//! final rendering of problem responses in the caller's language.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, web};
use sotay_domain::Language;
use tracing::Instrument;

use crate::http::metrics::Metrics;
use crate::http::problem::LocalizedProblem;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");
/// The route label of requests no route matched, so unknown paths cannot blow up the metrics.
const UNMATCHED_ROUTE: &str = "unmatched";

/// Identifies one request in logs, in the `X-Request-Id` header and in problem bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    pub const MAX_LEN: usize = 128;

    /// Keeps an id set by a proxy in front of us when it looks like one, so a request can be
    /// followed across both logs; otherwise makes a new one.
    fn from_request(request: &ServiceRequest) -> Self {
        let inbound = request
            .headers()
            .get(&REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .filter(|value| {
                (1..=Self::MAX_LEN).contains(&value.len())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            });
        RequestId(inbound.map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Handlers take the request id to stamp it on audit events.
impl actix_web::FromRequest for RequestId {
    type Error = Error;
    type Future = std::future::Ready<Result<Self, Error>>;

    fn from_request(
        request: &actix_web::HttpRequest,
        _payload: &mut actix_web::dev::Payload,
    ) -> Self::Future {
        let id = request
            .extensions()
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(uuid::Uuid::now_v7().to_string()));
        std::future::ready(Ok(id))
    }
}

pub async fn request_context(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let request_id = RequestId::from_request(&request);
    let language = Language::negotiate(
        request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok()),
    );
    let method = request.method().clone();
    let path = request.path().to_owned();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| UNMATCHED_ROUTE.to_owned());
    let metrics = request.app_data::<web::Data<Metrics>>().cloned();
    request.extensions_mut().insert(request_id.clone());

    let span = tracing::info_span!(
        "request",
        request_id = %request_id.as_str(),
        method = %method,
        route = %route,
    );
    let outcome = next.call(request).instrument(span.clone()).await;

    let status = match &outcome {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    let elapsed = started.elapsed();
    if let Some(metrics) = &metrics {
        metrics.observe_request(method.as_str(), &route, status.as_u16(), elapsed);
    }
    span.in_scope(|| {
        let latency_ms = elapsed.as_secs_f64() * 1000.0;
        // Probes and scrapes arrive every few seconds: keep them out of the default log.
        if route.starts_with("/health") || route == "/metrics" {
            tracing::debug!(status = status.as_u16(), latency_ms, %path, "request finished");
        } else {
            tracing::info!(status = status.as_u16(), latency_ms, %path, "request finished");
        }
    });

    let mut response = outcome?.map_into_boxed_body();
    let problem = response
        .response()
        .extensions()
        .get::<LocalizedProblem>()
        .map(|problem| problem.render(language, Some(&path), Some(request_id.as_str())));
    if let Some(problem) = problem {
        let body =
            serde_json::to_vec(&problem).map_err(actix_web::error::ErrorInternalServerError)?;
        response = response.map_body(|_, _| BoxBody::new(body));
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(language.tag()),
        );
    }
    if let Ok(value) = HeaderValue::from_str(request_id.as_str()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    Ok(response)
}
