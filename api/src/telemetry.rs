//! Logging, set up once per process. Request ids come from the request middleware's span.

use std::io::IsTerminal;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::settings::LogFormat;

/// Installs the global subscriber: `RUST_LOG` filters (default `info`), `format` picks human or
/// JSON lines, written to stdout. A second call does nothing (tests start many apps).
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _already_set = match format {
        LogFormat::Human => builder
            .with_target(false)
            .with_ansi(std::io::stdout().is_terminal())
            .finish()
            .with(DropRefusedHeads)
            .try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .finish()
            .with(DropRefusedHeads)
            .try_init(),
    };
}

/// actix-http logs every request head it refuses as `ERROR "stream error: request parse error:
/// …"`: the client's mistake, which any client can repeat at will. An event's level cannot be
/// changed, so this drops that one; `http_server` logs the refusal at INFO instead.
struct DropRefusedHeads;

impl<S: Subscriber> Layer<S> for DropRefusedHeads {
    fn event_enabled(&self, event: &Event<'_>, _: Context<'_, S>) -> bool {
        let metadata = event.metadata();
        if *metadata.level() != Level::ERROR || metadata.target() != "actix_http::h1::dispatcher" {
            return true;
        }
        let mut message = Message(false);
        event.record(&mut message);
        !message.0
    }
}

/// Whether an event's message is the refused-head one.
struct Message(bool);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}").starts_with("stream error: request parse error");
        }
    }
}
