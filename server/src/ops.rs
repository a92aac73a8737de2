//! What operators see of an instance (issue 14, docs/DEPLOY.md): `/healthz` (the process
//! answers), `/readyz` (it can serve: database, migrations, keys, upload store), `/metrics`
//! (Prometheus text, for allowed addresses or with the token), and the request log with one
//! request id per request.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;
use tracing::Instrument;

use app::apply::documents::Files;
use app::context::{ClientAddress, Settings};

/// The request id's header: taken from a trusted proxy, or made here; always in the response.
pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What the probes and the scraper need (who may read `/metrics`: `Settings::metrics_from`,
/// `Settings::metrics_token`).
#[derive(Clone)]
pub struct Ops {
    pub pool: PgPool,
    /// The card checks' pool (`app::context::CheckPool`), for its gauges.
    pub checks: PgPool,
    pub files: Files,
    pub settings: Settings,
}

/// `GET /healthz`: the process is up and answers. Touches nothing else.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// `GET /readyz`: 200 when this instance can serve — the database answers within a second and has
/// every migration this build knows, the e-card key signs, the upload store takes a file; 503 with
/// the failing parts named otherwise. One query on each pool, one signature, one small file: cheap
/// enough for a probe every second.
pub async fn readyz(State(ops): State<Ops>) -> Response {
    let latest = crate::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let database = tokio::time::timeout(
        std::time::Duration::from_secs(1),
        sqlx::query_scalar::<_, Option<i64>>("SELECT max(version) FROM _sqlx_migrations WHERE success").fetch_one(&ops.pool),
    )
    .await;
    let (database, migrations) = match database {
        // Newer migrations than this build knows are fine (a rolling deploy: the new instances
        // migrated first); fewer are not.
        Ok(Ok(applied)) => ("ok", if applied >= Some(latest) { "ok" } else { "behind" }),
        Ok(Err(_)) => ("unreachable", "unknown"),
        Err(_) => ("timeout", "unknown"),
    };
    // The counter's pool opens its connections as checks come: it too must get one (the database
    // may have no connection slot left for it).
    let counter = match tokio::time::timeout(std::time::Duration::from_secs(1), sqlx::query("SELECT 1").execute(&ops.checks)).await {
        Ok(Ok(_)) => "ok",
        Ok(Err(_)) => "unreachable",
        Err(_) => "timeout",
    };
    let now = app::context::now_seconds();
    let keys = if ops.settings.ecard.check(&ops.settings.ecard.sign([7; 16], now), now).is_ok() { "ok" } else { "failing" };
    let store = match tokio::time::timeout(std::time::Duration::from_secs(1), ops.files.check()).await {
        Ok(Ok(())) => "ok",
        Err(_) => "timeout",
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "upload store not usable");
            "failing"
        }
    };
    let ready = [database, counter, migrations, keys, store].iter().all(|s| *s == "ok");
    let body = format!("{{\"ready\":{ready},\"database\":\"{database}\",\"database_counter\":\"{counter}\",\"migrations\":\"{migrations}\",\"keys\":\"{keys}\",\"uploads\":\"{store}\"}}\n");
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// `GET /metrics`: Prometheus text. Only for `ops.metrics_from` addresses (by default this
/// machine) or with the token; anyone else gets 404, as if there were nothing here.
pub async fn metrics(State(ops): State<Ops>, request: Request) -> Response {
    // (An IPv4 client of a dual-stack socket, ::ffff:a.b.c.d, is its IPv4 address to `contains`.)
    let address = request.extensions().get::<ClientAddress>().and_then(|a| a.0.parse::<std::net::IpAddr>().ok());
    let by_address = address.is_some_and(|a| ops.settings.metrics_from.iter().any(|r| r.contains(a)));
    let by_token = match (&ops.settings.metrics_token, bearer(request.headers())) {
        (Some(token), Some(given)) => app::secrets::sha256(token.as_bytes()) == app::secrets::sha256(given.as_bytes()),
        _ => false,
    };
    if !by_address && !by_token {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut out = String::new();
    http_metrics(&mut out);
    let mut last = "";
    for ((name, labels), value) in app::metrics::counters() {
        if name != last {
            let _ = writeln!(out, "# TYPE {name} counter");
            last = name;
        }
        let _ = writeln!(out, "{name}{} {value}", label_text(&labels.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()));
    }
    // Both pools: "main" (every request but the card checks) and "checks".
    let pools = [("main", &ops.pool), ("checks", &ops.checks)];
    let _ = writeln!(out, "# TYPE yunju_db_pool_connections gauge");
    for (name, pool) in pools {
        let (size, idle) = (pool.size(), pool.num_idle() as u32);
        let _ = writeln!(out, "yunju_db_pool_connections{{pool=\"{name}\",state=\"in_use\"}} {}", size.saturating_sub(idle));
        let _ = writeln!(out, "yunju_db_pool_connections{{pool=\"{name}\",state=\"idle\"}} {idle}");
    }
    let _ = writeln!(out, "# TYPE yunju_db_pool_max_connections gauge");
    for (name, pool) in pools {
        let _ = writeln!(out, "yunju_db_pool_max_connections{{pool=\"{name}\"}} {}", pool.options().get_max_connections());
    }
    match database_gauges(&ops.pool).await {
        Ok(text) => out.push_str(&text),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: database figures not read");
            let _ = writeln!(out, "# TYPE yunju_metrics_database_up gauge\nyunju_metrics_database_up 0");
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], out).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Figures kept in the database, so the same on every instance: the e-mail backlog and the age of
/// its oldest mail, and how long ago the scheduled work last finished (`job_runs`).
async fn database_gauges(db: &PgPool) -> Result<String, sqlx::Error> {
    let (backlog, oldest): (i64, Option<f64>) = sqlx::query_as(
        "SELECT count(*), extract(epoch FROM now() - min(created_at))::float8 FROM email_outbox WHERE sent_at IS NULL AND failed_at IS NULL",
    )
    .fetch_one(db)
    .await?;
    let jobs: Option<f64> = sqlx::query_scalar("SELECT extract(epoch FROM now() - max(finished_at))::float8 FROM job_runs").fetch_one(db).await?;
    let mut out = String::new();
    let _ = writeln!(out, "# TYPE yunju_metrics_database_up gauge\nyunju_metrics_database_up 1");
    let _ = writeln!(out, "# TYPE yunju_outbox_backlog gauge\nyunju_outbox_backlog {backlog}");
    let _ = writeln!(out, "# TYPE yunju_outbox_oldest_age_seconds gauge\nyunju_outbox_oldest_age_seconds {:.0}", oldest.unwrap_or(0.0));
    // Never run: as old as it can be, so that an alert on it fires.
    let jobs = jobs.map_or_else(|| "+Inf".to_string(), |j| format!("{j:.0}"));
    let _ = writeln!(out, "# TYPE yunju_jobs_last_run_age_seconds gauge\nyunju_jobs_last_run_age_seconds {jobs}");
    Ok(out)
}

/// Latency buckets of the request histogram, in seconds.
const BUCKETS: [f64; 11] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

#[derive(Default)]
struct Histogram {
    /// Requests per status code.
    by_status: BTreeMap<u16, u64>,
    /// Requests at most each bucket's bound (not yet cumulative).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// Per route template and method.
static HTTP: Mutex<BTreeMap<(String, String), Histogram>> = Mutex::new(BTreeMap::new());

fn observe(method: &str, route: &str, status: u16, seconds: f64) {
    let Ok(mut all) = HTTP.lock() else { return };
    let h = all.entry((route.to_string(), method.to_string())).or_default();
    *h.by_status.entry(status).or_insert(0) += 1;
    if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
        h.buckets[i] += 1;
    }
    h.count += 1;
    h.sum += seconds;
}

fn http_metrics(out: &mut String) {
    let Ok(all) = HTTP.lock() else { return };
    let _ = writeln!(out, "# TYPE yunju_http_requests_total counter");
    for ((route, method), h) in all.iter() {
        for (status, n) in &h.by_status {
            let _ = writeln!(out, "yunju_http_requests_total{} {n}", label_text(&[("route", route), ("method", method), ("status", &status.to_string())]));
        }
    }
    let _ = writeln!(out, "# TYPE yunju_http_request_duration_seconds histogram");
    for ((route, method), h) in all.iter() {
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(h.buckets) {
            cumulative += n;
            let _ = writeln!(out, "yunju_http_request_duration_seconds_bucket{} {cumulative}", label_text(&[("route", route), ("method", method), ("le", &bound.to_string())]));
        }
        let _ = writeln!(out, "yunju_http_request_duration_seconds_bucket{} {}", label_text(&[("route", route), ("method", method), ("le", "+Inf")]), h.count);
        let labels = label_text(&[("route", route), ("method", method)]);
        let _ = writeln!(out, "yunju_http_request_duration_seconds_sum{labels} {}", h.sum);
        let _ = writeln!(out, "yunju_http_request_duration_seconds_count{labels} {}", h.count);
    }
}

/// `{a="x",b="y"}` with Prometheus' escapes.
fn label_text(labels: &[(&str, &str)]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let parts: Vec<String> =
        labels.iter().map(|(k, v)| format!("{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))).collect();
    format!("{{{}}}", parts.join(","))
}

/// The route a request matched, as its template (`/applications/{id}`): what the log and the
/// metrics name, never the URL itself (no ids, no search words). Unmatched paths are one of a few
/// names, so that made-up URLs neither reach the log nor grow the metrics without bound.
fn route_of(request: &Request) -> String {
    if let Some(m) = request.extensions().get::<MatchedPath>() {
        return m.as_str().to_string();
    }
    let path = request.uri().path();
    let known = ["/pkg/", "/favicon.ico", "/icon.svg", "/apple-touch-icon.png", "/manifest.webmanifest", "/ecard.webmanifest", "/robots.txt", "/icons/"];
    match known.iter().find(|k| path.starts_with(**k)) {
        Some(k) if k.ends_with('/') => format!("{k}*"),
        Some(k) => k.to_string(),
        None => "(no route)".to_string(),
    }
}

/// The method as logged and counted: one of the standard ones, else "other" (any token is a
/// method to HTTP, and each new one would be a new series).
fn method_of(method: &axum::http::Method) -> &'static str {
    ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].into_iter().find(|m| *m == method.as_str()).unwrap_or("other")
}

/// A request id from a trusted proxy is kept if it looks like one (at most 64 of `A-Za-z0-9._:-`).
fn acceptable_id(value: &str) -> bool {
    (1..=64).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b))
}

/// Every request: its id (from a trusted proxy's `X-Request-Id`, else made here) on each of its
/// log lines and in the response; then one line — method, route template, status, milliseconds —
/// and the metrics of its route. Only a trusted proxy's id is kept (`security::proxy_header`).
pub async fn request_log(State(settings): State<Settings>, mut request: Request, next: Next) -> Response {
    let from_proxy = crate::security::proxy_header(&settings, &request).and_then(|_| request.headers().get(&REQUEST_ID)?.to_str().ok().filter(|v| acceptable_id(v)).map(str::to_string));
    let id = from_proxy.unwrap_or_else(|| app::secrets::random_hex(8));
    if let Ok(v) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(&REQUEST_ID, v);
    }
    let span = tracing::info_span!("request", id = %id);
    let mut line = RequestLine { method: method_of(request.method()), route: route_of(&request), start: Instant::now(), span: span.clone(), status: CLIENT_LEFT };
    let mut response = answer_or_500(next.run(request).instrument(span)).await;
    line.status = response.status().as_u16();
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(&REQUEST_ID, v);
    }
    response
}

/// A handler's answer, or 500 if it panicked (the panic itself is printed by the panic hook): a
/// bug answered and counted as one, not taken for a client that left, nor a dropped connection.
async fn answer_or_500(work: impl std::future::Future<Output = Response>) -> Response {
    let mut work = std::pin::pin!(work);
    let caught = std::future::poll_fn(|cx| match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work.as_mut().poll(cx))) {
        Ok(poll) => poll.map(Ok),
        Err(_) => std::task::Poll::Ready(Err(())),
    })
    .await;
    caught.unwrap_or_else(|()| {
        tracing::error!(target: "server::requests", "the request's work panicked");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    })
}

/// The status logged for a request whose client closed the connection before the answer (as
/// nginx logs it): the server drops such a request's work, and `request_log` with it.
pub const CLIENT_LEFT: u16 = 499;

/// A request's log line and metrics, written when `request_log` ends: with the answer's status,
/// or `CLIENT_LEFT` when its work was dropped before there was one.
struct RequestLine {
    method: &'static str,
    route: String,
    start: Instant,
    span: tracing::Span,
    status: u16,
}

impl Drop for RequestLine {
    fn drop(&mut self) {
        let (method, route, status, elapsed) = (self.method, &self.route, self.status, self.start.elapsed());
        observe(method, route, status, elapsed.as_secs_f64());
        let ms = (elapsed.as_secs_f64() * 10_000.0).round() / 10.0;
        self.span.in_scope(|| match status {
            CLIENT_LEFT => tracing::info!(target: "server::requests", %method, %route, status, ms, "request: the client left before the answer"),
            _ => tracing::info!(target: "server::requests", %method, %route, status, ms, "request"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bug in a handler is answered 500 (and logged and counted as such), not a dropped
    /// connection counted as a client that left.
    #[tokio::test]
    async fn a_panicking_handler_is_answered_500() {
        let bug = async {
            if "x".len() == 1 {
                panic!("a bug in a handler");
            }
            StatusCode::OK.into_response()
        };
        assert_eq!(answer_or_500(bug).await.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(answer_or_500(async { StatusCode::OK.into_response() }).await.status(), StatusCode::OK);
    }

    #[test]
    fn a_proxy_request_id_is_kept_only_if_it_looks_like_one() {
        for (id, ok) in [("3f2a-19", true), ("abc.DEF_1:2", true), ("", false), ("a b", false), ("x\u{0}", false), ("张三", false), (&"a".repeat(65), false), (&"a".repeat(64), true)] {
            assert_eq!(acceptable_id(id), ok, "{id:?}");
        }
    }

    #[test]
    fn made_up_methods_are_one_series() {
        assert_eq!(method_of(&axum::http::Method::GET), "GET");
        assert_eq!(method_of(&axum::http::Method::from_bytes(b"FOO1").unwrap()), "other");
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(label_text(&[("route", "/a\"b\\c\n")]), r#"{route="/a\"b\\c\n"}"#);
        assert_eq!(label_text(&[]), "");
    }
}
