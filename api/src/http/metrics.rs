//! Prometheus metrics: requests by route and status, latency, and the database pool.

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// 1 ms to ~16 s, doubling: enough resolution for a p99 on either side of our 10 ms target.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// Shared by all workers; every field is an `Arc` inside, so clones count into the same metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    pool_open: Gauge<u64, AtomicU64>,
    pool_idle: Gauge<u64, AtomicU64>,
    unreachable: Gauge<u64, AtomicU64>,
    statements: Counter,
}

/// The pool as read when the metrics are rendered.
pub struct PoolReading {
    pub open: u32,
    pub idle: u32,
    /// The last connection attempt failed: requests are being answered 503 at once.
    pub unreachable: bool,
    /// Statements run since the pool was built.
    pub statements: u64,
}

impl Metrics {
    pub fn new(pool_max_size: u32) -> Self {
        let mut registry = Registry::with_prefix("sotay");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route and status",
            requests.clone(),
        );
        let latency = LatencyFamily::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from receiving a request to having its response, by method and route",
            latency.clone(),
        );
        let pool_open = Gauge::<u64, AtomicU64>::default();
        registry.register(
            "db_pool_connections",
            "Database connections open (in use or idle)",
            pool_open.clone(),
        );
        let pool_idle = Gauge::<u64, AtomicU64>::default();
        registry.register(
            "db_pool_idle_connections",
            "Database connections open and idle",
            pool_idle.clone(),
        );
        let pool_max = Gauge::<u64, AtomicU64>::default();
        pool_max.set(u64::from(pool_max_size));
        registry.register(
            "db_pool_max_connections",
            "Upper bound of database connections",
            pool_max,
        );
        let unreachable = Gauge::<u64, AtomicU64>::default();
        registry.register(
            "db_unreachable",
            "1 while connecting to the database fails (with no connection left, requests get 503 at once), else 0",
            unreachable.clone(),
        );
        let statements = Counter::default();
        registry.register(
            "db_statements",
            "Statements sent to the database, transaction control included",
            statements.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            pool_open,
            pool_idle,
            unreachable,
            statements,
        }
    }

    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status: status.to_string(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    /// The exposition text, with the pool gauges read now.
    pub fn render(&self, pool: PoolReading) -> Result<String, std::fmt::Error> {
        self.pool_open.set(u64::from(pool.open));
        self.pool_idle.set(u64::from(pool.idle));
        self.unreachable.set(u64::from(pool.unreachable));
        // The pool counts; the counter catches up with it (it only ever grows).
        self.statements
            .inc_by(pool.statements.saturating_sub(self.statements.get()));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}
