//! The HTTP server, assembled from actix's parts as `HttpServer::listen` assembles it, for the
//! requests actix-http refuses before our application sees them.
//!
//! A request line longer than 64 KiB, more than 96 headers, a head over 128 KiB or a malformed
//! header is answered by actix-http's HTTP/1 dispatcher itself: a 400 or 431 with an empty body,
//! then an `ERROR "stream error: request parse error"` line in our log, which any client can
//! write as often as it likes. actix offers no hook for either. So:
//! - the connection's stream is wrapped ([`FirstResponse`]): when the first thing written on a
//!   connection is one of actix's bare error responses, a problem+json response with the same
//!   status goes out instead (the dispatcher closes the connection after it, so nothing else
//!   follows on that connection). A malformed request later on a kept-alive connection still gets
//!   the bare one: rewriting mid-stream would mean tracking every response's framing;
//! - the dispatcher's error is logged here, at INFO (it is the client's mistake), and
//!   [`telemetry`](crate::telemetry) drops actix-http's own ERROR line.

use std::io;
use std::net::TcpListener;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use actix_http::body::MessageBody;
use actix_http::error::DispatchError;
use actix_http::{HttpService, KeepAlive, Protocol, Request, Response};
use actix_service::{
    IntoServiceFactory, Service, ServiceFactory, ServiceFactoryExt as _, fn_service, map_config,
};
use actix_web::dev::{AppConfig, Server};
use actix_web::rt::net::TcpStream;
use sotay_domain::Language;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::http::problem::{LocalizedProblem, PROBLEM_CONTENT_TYPE, Text};

/// `HttpServer`'s defaults, which the server had before it was assembled here.
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Serves the application `factory` makes (once per worker) on `listener`.
pub fn serve<F, I, S, B>(
    listener: TcpListener,
    shutdown_timeout: Duration,
    factory: F,
) -> io::Result<Server>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<actix_web::Error> + 'static,
    S::InitError: std::fmt::Debug,
    S::Response: Into<Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    let address = listener.local_addr()?;
    let builder = actix_server::Server::build().shutdown_timeout(shutdown_timeout.as_secs());
    let shutting_down = builder.graceful_shutdown_signal();
    let server = builder.listen("sotay-http", listener, move || {
        let shutting_down = shutting_down.clone();
        let application = factory()
            .into_factory()
            .map_err(|error| error.into().error_response());
        let http = HttpService::build()
            // What `HttpServer` passes too: on SIGTERM, idle kept-alive connections close at
            // once instead of holding the shutdown until their keep-alive ends.
            .graceful_shutdown_signal(move || {
                let shutting_down = shutting_down.clone();
                async move { shutting_down.notified().await }
            })
            .keep_alive(KeepAlive::default())
            .client_request_timeout(CLIENT_REQUEST_TIMEOUT)
            .client_disconnect_timeout(CLIENT_DISCONNECT_TIMEOUT)
            .h1_allow_half_closed(true)
            .local_addr(address)
            // `HttpServer` names the bound address as the host here; it only feeds `url_for`
            // and a request without `Host`, neither of which the application uses.
            .finish(map_config(application, |()| AppConfig::default()));
        fn_service(|stream: TcpStream| async move {
            let peer = stream.peer_addr().ok();
            Ok::<_, DispatchError>((FirstResponse::new(stream), Protocol::Http1, peer))
        })
        .and_then(http)
        .map_err(log_connection_error)
    })?;
    Ok(server.run())
}

/// What ended a connection badly. A head the client could not write is its mistake, like any
/// other 4xx; timeouts and resets are the network's.
fn log_connection_error(error: DispatchError) {
    match error {
        DispatchError::Parse(cause) => {
            tracing::info!(target: "sotay::http", %cause, "request head refused");
        }
        DispatchError::SlowRequestTimeout
        | DispatchError::DisconnectTimeout
        | DispatchError::HandlerDroppedPayload
        | DispatchError::Io(_) => {
            tracing::debug!(target: "sotay::http", %error, "connection ended");
        }
        other => tracing::warn!(target: "sotay::http", error = %other, "connection failed"),
    }
}

/// A connection's stream that replaces actix-http's bare error response when it is the first
/// thing written on the connection (see the module's comment).
pub struct FirstResponse {
    stream: TcpStream,
    state: Writing,
}

enum Writing {
    /// Nothing written yet.
    First,
    Replacing {
        response: Vec<u8>,
        written: usize,
        /// What the dispatcher asked to write, reported written once the replacement is.
        claimed: usize,
    },
    Through,
}

impl FirstResponse {
    pub fn new(stream: TcpStream) -> Self {
        FirstResponse {
            stream,
            state: Writing::First,
        }
    }
}

impl AsyncRead for FirstResponse {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for FirstResponse {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if matches!(this.state, Writing::First) {
            this.state = match bare_error(buf) {
                Some(status) => Writing::Replacing {
                    response: problem_response(status, buf),
                    written: 0,
                    claimed: buf.len(),
                },
                None => Writing::Through,
            };
        }
        if let Writing::Replacing {
            response,
            written,
            claimed,
        } = &mut this.state
        {
            while *written < response.len() {
                let sent =
                    ready!(Pin::new(&mut this.stream).poll_write(cx, &response[*written..]))?;
                if sent == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                *written += sent;
            }
            let claimed = *claimed;
            this.state = Writing::Through;
            return Poll::Ready(Ok(claimed));
        }
        Pin::new(&mut this.stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// The status of `written` if it is a whole response of actix-http's own refusals: a 400, 408
/// or 431 head with `content-length: 0` and nothing after it. Every error our application
/// sends has a problem+json body, so none of its responses looks like this.
fn bare_error(written: &[u8]) -> Option<u16> {
    let head = std::str::from_utf8(written.strip_suffix(b"\r\n\r\n")?).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let status = status_line
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| status_line.strip_prefix("HTTP/1.0 "))?;
    let status = match status.get(..3)? {
        "400" => 400,
        "408" => 408,
        "431" => 431,
        _ => return None,
    };
    lines
        .any(|line| line.eq_ignore_ascii_case("content-length: 0"))
        .then_some(status)
}

/// A problem+json response for `status`, keeping the `date` of actix's own (`bare`).
fn problem_response(status: u16, bare: &[u8]) -> Vec<u8> {
    let (reason, problem) = refusal(status);
    let request_id = uuid::Uuid::now_v7().to_string();
    let body = serde_json::to_vec(&problem.render(Language::default(), None, Some(&request_id)))
        .unwrap_or_default();
    let date = String::from_utf8_lossy(bare)
        .split("\r\n")
        .find(|line| line.to_ascii_lowercase().starts_with("date:"))
        .map(|line| format!("{line}\r\n"))
        .unwrap_or_default();
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: {PROBLEM_CONTENT_TYPE}\r\n\
         content-language: {}\r\ncontent-length: {}\r\nx-request-id: {request_id}\r\n\
         connection: close\r\n{date}\r\n",
        Language::default().tag(),
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    response
}

fn refusal(status: u16) -> (&'static str, LocalizedProblem) {
    let (reason, code, title, detail) = match status {
        431 => (
            "Request Header Fields Too Large",
            "request_header_fields_too_large",
            Text::new("Phần đầu yêu cầu quá lớn", "Request head too large"),
            Text::new(
                "Phần đầu yêu cầu vượt giới hạn (tối đa 96 header, tổng cộng 128 KiB).",
                "The request head is over the limits (at most 96 headers, 128 KiB in all).",
            ),
        ),
        408 => (
            "Request Timeout",
            "request_timeout",
            Text::new("Hết thời gian chờ yêu cầu", "Request timeout"),
            Text::new(
                "Yêu cầu không đến đủ trong 5 giây.",
                "The request did not arrive in full within 5 seconds.",
            ),
        ),
        _ => (
            "Bad Request",
            "malformed_request",
            Text::new("Yêu cầu không đọc được", "Malformed request"),
            Text::new(
                "Máy chủ không đọc được dòng yêu cầu hoặc các header (dòng yêu cầu tối đa 64 KiB; header không được chứa ký tự điều khiển).",
                "The server could not read the request line or headers (a request line holds at most 64 KiB; headers hold no control characters).",
            ),
        ),
    };
    (
        reason,
        LocalizedProblem {
            status,
            code,
            title,
            detail,
            errors: Vec::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_actix_bare_refusals_are_recognised() {
        let date = "date: Sun, 29 Nov 2026 13:00:00 GMT";
        let bare = format!("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n{date}\r\n\r\n");
        assert_eq!(bare_error(bare.as_bytes()), Some(400));
        let too_large = format!(
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n{date}\r\n\r\n"
        );
        assert_eq!(bare_error(too_large.as_bytes()), Some(431));
        let ours = "HTTP/1.1 400 Bad Request\r\ncontent-length: 120\r\n\r\n";
        assert_eq!(bare_error(ours.as_bytes()), None);
        let with_body = "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}";
        assert_eq!(bare_error(with_body.as_bytes()), None);
        let no_content = "HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(bare_error(no_content.as_bytes()), None);
    }

    #[test]
    fn the_replacement_is_a_whole_problem_response_with_the_same_date() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Sun, 29 Nov 2026 13:00:00 GMT\r\n\r\n";
        let response = String::from_utf8(problem_response(431, bare)).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(head.contains("\r\ncontent-type: application/problem+json\r\n"));
        assert!(head.contains("\r\ndate: Sun, 29 Nov 2026 13:00:00 GMT"));
        assert!(head.contains(&format!("\r\ncontent-length: {}\r\n", body.len())));
        let problem: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(problem["status"], 431);
        assert_eq!(problem["code"], "request_header_fields_too_large");
    }
}
