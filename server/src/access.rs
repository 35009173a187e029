//! What operators see of the traffic: one access-log line per request and the counters of
//! `/metrics` (Prometheus text, served on `PORTAL_METRICS_ADDR` only, apart from the site).
//!
//! Nothing in either names a person or a case: requests are known by their matched route
//! (`/report/done/{receipt}`, never the receipt itself) and never by their query string.

use std::sync::LazyLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::storage::Store;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteStatus {
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolState {
    state: &'static str,
}

/// The portal's counters, one set per process.
pub struct Metrics {
    registry: Registry,
    requests: Family<RouteStatus, Counter>,
    latency: Family<RouteLabel, Histogram>,
    reports: Counter,
    status_lookups: Counter,
    signin_failures: Counter,
    search_latency: Histogram,
    pool: Family<PoolState, Gauge>,
}

fn latency_buckets() -> Histogram {
    // 1 ms … about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    fn new() -> Metrics {
        let mut registry = Registry::with_prefix("portal");
        let requests = Family::<RouteStatus, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by matched route and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabel, Histogram>::new_with_constructor(
            latency_buckets as fn() -> Histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by matched route",
            latency.clone(),
        );
        let reports = Counter::default();
        registry.register(
            "reports_submitted",
            "Self-reports stored (a repeated submission of the same form is not counted)",
            reports.clone(),
        );
        let status_lookups = Counter::default();
        registry.register(
            "status_lookups",
            "Status look-ups by receipt and phone tail",
            status_lookups.clone(),
        );
        let signin_failures = Counter::default();
        registry.register(
            "signin_failures",
            "Staff sign-ins refused (wrong password or throttled)",
            signin_failures.clone(),
        );
        let search_latency = latency_buckets();
        registry.register(
            "search_duration_seconds",
            "Time of a policy Q&A search",
            search_latency.clone(),
        );
        let pool = Family::<PoolState, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections of this instance, by state",
            pool.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            reports,
            status_lookups,
            signin_failures,
            search_latency,
            pool,
        }
    }
}

/// This process's counters.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// Counts a stored self-report.
pub fn report_submitted() {
    METRICS.reports.inc();
}

/// Counts a status look-up.
pub fn status_lookup() {
    METRICS.status_lookups.inc();
}

/// Counts a refused sign-in.
pub fn signin_failure() {
    METRICS.signin_failures.inc();
}

/// Records how long a Q&A search took.
pub fn search_took(started: Instant) {
    METRICS
        .search_latency
        .observe(started.elapsed().as_secs_f64());
}

/// What a request is called in the log before it is routed: the route it matches is known
/// only from its response ([`remember_route`]); files and requests that match none are
/// named without their path.
fn unrouted(path: &str) -> &'static str {
    if path.starts_with("/pkg/") {
        "/pkg/{file}"
    } else if path == "/favicon.svg" {
        "/favicon.svg"
    } else if path == "/robots.txt" {
        "/robots.txt"
    } else {
        "(no route)"
    }
}

/// Passes the route a request matched on to its response, for [`Entry::finish`], which
/// runs before routing (and for the page cache, which keeps it with a page it serves
/// unrouted).
pub async fn remember_route(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(matched);
    }
    response
}

/// One request's access-log line and counters, begun when it arrives.
pub struct Entry {
    started: Instant,
    method: Method,
    unrouted: &'static str,
}

impl Entry {
    pub fn begin(request: &Request) -> Entry {
        Entry {
            started: Instant::now(),
            method: request.method().clone(),
            unrouted: unrouted(request.uri().path()),
        }
    }

    /// One line per request at the default level: method, matched route, status,
    /// milliseconds and the request id (also sent back as `x-request-id`); and the
    /// request counted by route and status.
    pub fn finish(self, response: &Response, id: &HeaderValue) {
        let route = response
            .extensions()
            .get::<MatchedPath>()
            .map_or(self.unrouted, MatchedPath::as_str);
        let elapsed = self.started.elapsed();
        let status = response.status().as_u16();
        // An id from a proxy is printable ASCII (or not logged), at most 64 characters.
        let id = id.to_str().map_or("-", |id| &id[..id.len().min(64)]);
        tracing::info!(
            target: "access",
            method = %self.method,
            route = %route,
            status,
            ms = format_args!("{:.1}", elapsed.as_secs_f64() * 1000.0),
            request_id = %id,
        );
        METRICS
            .requests
            .get_or_create(&RouteStatus {
                route: route.to_string(),
                status,
            })
            .inc();
        METRICS
            .latency
            .get_or_create(&RouteLabel {
                route: route.to_string(),
            })
            .observe(elapsed.as_secs_f64());
    }
}

/// `GET /metrics` of the metrics address: the counters in Prometheus text format.
pub async fn metrics(State(store): State<Store>) -> Response {
    let (size, idle) = store.pool_size();
    let idle_count = i64::try_from(idle).unwrap_or(i64::MAX);
    let busy = i64::from(size).saturating_sub(idle_count);
    METRICS
        .pool
        .get_or_create(&PoolState { state: "idle" })
        .set(idle_count);
    METRICS
        .pool
        .get_or_create(&PoolState { state: "busy" })
        .set(busy);
    let mut text = String::new();
    match prometheus_client::encoding::text::encode(&mut text, &METRICS.registry) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "metrics could not be written");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The router of the metrics address.
pub fn metrics_router(store: Store) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .with_state(store)
}
