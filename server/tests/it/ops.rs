//! What operators see of an instance (issue 14, items 1–3): health and readiness probes, a request
//! id per request, and the metrics, readable only from allowed addresses or with the token.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use sqlx::PgPool;
use tower::ServiceExt;

use common::TestApp;

async fn text(router: &axum::Router, req: axum::http::request::Builder) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = router.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap())
}

/// The load balancer's address, the one proxy the instances believe in these tests.
const BALANCER: std::net::SocketAddr = std::net::SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2)), 40000);

/// A request as it arrives through the balancer (the connection's peer is the balancer).
fn via_balancer(req: axum::http::request::Builder) -> axum::http::request::Builder {
    req.extension(axum::extract::ConnectInfo(BALANCER))
}

fn with_store(app: &TestApp, root: std::path::PathBuf) -> axum::Router {
    let mut state = app.state.clone();
    state.files = std::sync::Arc::new(app::apply::documents::LocalDisk { root });
    server::router(state)
}

/// `/healthz` answers while the process runs; `/readyz` only while the database is reachable with
/// every migration applied, the e-card key signs and the upload store takes files — and says
/// which part failed.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn readiness_names_what_is_missing(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let router = app.router();
    let (status, _, body) = text(&router, Request::get("/healthz")).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    let (status, headers, body) = text(&router, Request::get("/readyz")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body.trim(), r#"{"ready":true,"database":"ok","database_counter":"ok","migrations":"ok","keys":"ok","uploads":"ok"}"#);
    assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");

    // An upload store that cannot take a file: its root is a file, not a folder.
    let blocked = std::env::temp_dir().join(format!("yunju-not-a-folder-{}", std::process::id()));
    std::fs::write(&blocked, b"x").unwrap();
    let (status, _, body) = text(&with_store(&app, blocked.clone()), Request::get("/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""uploads":"failing""#) && body.contains(r#""database":"ok""#), "{body}");
    std::fs::remove_file(blocked).ok();

    // A database without this build's last migration (a deploy ahead of its migration).
    let last: i64 = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations").fetch_one(&pool).await.unwrap();
    sqlx::query("UPDATE _sqlx_migrations SET success = false WHERE version = $1").bind(last).execute(&pool).await.unwrap();
    let (status, _, body) = text(&router, Request::get("/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""migrations":"behind""#), "{body}");
    sqlx::query("UPDATE _sqlx_migrations SET success = true WHERE version = $1").bind(last).execute(&pool).await.unwrap();

    // The counter's own pool unable to get a connection (here: closed), the main one fine.
    let closed = server::pool_options(1).connect_with((*pool.connect_options()).clone()).await.unwrap();
    closed.close().await;
    let mut state = app.state.clone();
    state.checks = app::context::CheckPool(closed);
    let (status, _, body) = text(&server::router(state), Request::get("/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""database":"ok","database_counter":"unreachable""#), "{body}");

    // The database gone: not ready, and said at once (the probe does not hang), while /healthz still answers.
    app.pool.close().await;
    let started = std::time::Instant::now();
    let (status, _, body) = text(&router, Request::get("/readyz")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains(r#""database":"unreachable""#) || body.contains(r#""database":"timeout""#), "{body}");
    assert!(started.elapsed() < std::time::Duration::from_secs(3), "the probe waited {:?}", started.elapsed());
    assert_eq!(text(&router, Request::get("/healthz")).await.0, StatusCode::OK);
    // A request that needs the database says so: 503 and "try again", not an internal error.
    let mut official = app.anonymous();
    let refused = official.call("login", &[("username", "hrss"), ("password", common::DEMO_PASSWORD)]).await;
    assert!(matches!(refused, Err(app::error::AppError::Unavailable)), "{refused:?}");
    let res = router.clone().oneshot(Request::post("/api/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").header(header::ACCEPT, "application/json").body(Body::from("username=hrss&password=x")).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

/// Every response carries its request id: made here, or a trusted proxy's own (the header of a
/// client that is not behind the configured proxy is not believed).
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn every_response_carries_its_request_id(pool: PgPool) {
    let direct = TestApp::new(pool.clone()).await.router();
    let id_of = |h: &axum::http::HeaderMap| h.get("x-request-id").map(|v| v.to_str().unwrap().to_string());
    let (_, a, _) = text(&direct, Request::get("/login")).await;
    let (_, b, _) = text(&direct, Request::get("/login").header("x-request-id", "from-a-client")).await;
    let (a, b) = (id_of(&a).unwrap(), id_of(&b).unwrap());
    assert!(a.len() == 16 && a.bytes().all(|c| c.is_ascii_hexdigit()), "{a}");
    assert_ne!(a, b);
    assert_ne!(b, "from-a-client", "a client chose its own request id");

    let settings = app::context::Settings { client_address_header: Some("x-forwarded-for".into()), trusted_proxies: vec![BALANCER.ip().into()], ..Default::default() };
    let proxied = TestApp::with_settings(pool, settings).await.router();
    let (_, h, _) = text(&proxied, via_balancer(Request::get("/readyz")).header("x-request-id", "lb-7f3a.01")).await;
    assert_eq!(id_of(&h).unwrap(), "lb-7f3a.01");
    for bad in ["bad id", "<script>", &"a".repeat(65)] {
        let (_, h, _) = text(&proxied, via_balancer(Request::get("/readyz")).header("x-request-id", bad)).await;
        assert_ne!(id_of(&h).unwrap(), bad);
    }
}

/// `/metrics` in Prometheus text: requests and latency per route template (never a URL with its
/// ids), database pool, state changes per command, the e-mail backlog, the scheduled work's age,
/// card checks and rate-limit refusals. Anyone else gets "not found".
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn metrics_are_for_operators_only(pool: PgPool) {
    let settings = app::context::Settings {
        client_address_header: Some("x-forwarded-for".into()),
        trusted_proxies: vec![BALANCER.ip().into()],
        metrics_from: vec![app::context::AddressRange::parse("10.1.2.3").unwrap()],
        metrics_token: Some("s3cret-metrics-token".into()),
        ..Default::default()
    };
    let app = TestApp::with_settings(pool.clone(), settings).await;
    let router = app.router();
    // Some work to count: a submission, a refused sign-in run into the limit, the scheduled work.
    let mut applicant = app.as_new_applicant("metrics.applicant").await;
    let id = applicant.new_draft("2").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    let mut guesser = app.anonymous();
    for _ in 0..12 {
        let _ = guesser.call("login", &[("username", "metrics.applicant"), ("password", "wrong")]).await;
    }
    app::jobs::db::run(&pool, app::context::today()).await.unwrap();

    for (from, auth) in [("203.0.113.9", ""), ("203.0.113.9", "Bearer wrong"), ("127.0.0.1", ""), ("unknown", "")] {
        let mut req = via_balancer(Request::get("/metrics")).header("x-forwarded-for", from);
        if !auth.is_empty() {
            req = req.header(header::AUTHORIZATION, auth);
        }
        assert_eq!(text(&router, req).await.0, StatusCode::NOT_FOUND, "{from} {auth}");
    }
    let (status, headers, by_address) = text(&router, via_balancer(Request::get("/metrics")).header("x-forwarded-for", "10.1.2.3")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let (status, _, body) =
        text(&router, via_balancer(Request::get("/metrics")).header("x-forwarded-for", "203.0.113.9").header(header::AUTHORIZATION, "Bearer s3cret-metrics-token")).await;
    assert_eq!(status, StatusCode::OK);
    for body in [&by_address, &body] {
        for wanted in [
            r#"yunju_http_requests_total{route="/api/submit_application",method="POST",status="200"}"#,
            r#"yunju_http_requests_total{route="/api/login",method="POST",status="429"}"#,
            r#"yunju_http_request_duration_seconds_bucket{route="/applications/{id}/documents",method="POST",le="+Inf"}"#,
            r#"yunju_transitions_total{lifecycle="application",command="submit"}"#,
            r#"yunju_rate_limit_refusals_total{limit="login-failure"}"#,
            "yunju_db_pool_connections{pool=\"main\",state=\"idle\"}",
            "yunju_db_pool_connections{pool=\"checks\",state=\"in_use\"}",
            "yunju_db_pool_max_connections{pool=\"main\"} ",
            "yunju_db_pool_max_connections{pool=\"checks\"} ",
            "yunju_outbox_backlog ",
            "yunju_outbox_oldest_age_seconds ",
            "yunju_metrics_database_up 1",
        ] {
            assert!(body.contains(wanted), "{wanted} missing from:\n{body}");
        }
        let jobs_age: f64 = body.lines().find_map(|l| l.strip_prefix("yunju_jobs_last_run_age_seconds ")).unwrap().parse().unwrap();
        assert!(jobs_age < 60.0, "the scheduled work ran just now: {jobs_age}");
        assert!(!body.contains(&format!("/{id}")), "a URL with its id, not the route template");
    }
}

/// A full disk under the uploads (a 64 KB tmpfs here): the upload is refused with a clear,
/// translated page (503, "not saved, try again"), no row names a document, and no piece of the
/// file is left on the disk.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn a_full_disk_refuses_a_document_clearly_and_keeps_nothing_half_saved(pool: PgPool) {
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let disk = std::env::temp_dir().join(format!("yunju-full-disk-{}", std::process::id()));
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = std::process::Command::new("mount").args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"]).arg(&disk).status();
    assert!(mounted.is_ok_and(|s| s.success()), "mounting a small tmpfs needs root (scripts/test.sh runs as root here)");
    let _unmount = Unmount(disk.clone());
    let mut app = TestApp::new(pool.clone()).await;
    app.state.files = std::sync::Arc::new(app::apply::documents::LocalDisk { root: disk.clone() });
    let router = server::router(app.state.clone());
    let mut applicant = app.as_new_applicant("full.disk").await;
    applicant.call("create_application", &[]).await.unwrap();
    let id = applicant.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap();
    let mut photo = common::PNG.to_vec();
    photo.resize(300 * 1024, 0);
    let boundary = "full-disk";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nphoto\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&photo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("/applications/{id}/documents"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, applicant.cookie.clone().unwrap())
        .header(header::ACCEPT_LANGUAGE, "zh-CN")
        .body(Body::from(body))
        .unwrap();
    let res = router.oneshot(req).await.unwrap();
    let status = res.status();
    let page = String::from_utf8_lossy(&res.into_body().collect().await.unwrap().to_bytes()).into_owned();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{page}");
    assert!(page.contains("系统暂时无法处理您的请求"), "the page says so: {page}");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM documents WHERE application_id = $1").bind(id).fetch_one(&pool).await.unwrap();
    assert_eq!(rows, 0, "a row names a document that is not there");
    let mut left = Vec::new();
    for dir in std::fs::read_dir(&disk).unwrap().flatten() {
        left.extend(std::fs::read_dir(dir.path()).into_iter().flatten().flatten().map(|f| f.path()));
    }
    assert!(left.is_empty(), "pieces left on the disk: {left:?}");
}

/// Behind the balancer, the client's address comes from its header — but only when the request
/// comes from the balancer. A client who reaches an instance directly and sends his own
/// `X-Forwarded-For` chooses neither the address `/metrics` is read from nor the address his
/// wrong passwords are counted at, and cannot set the request id of the logs.
#[sqlx::test(migrator = "server::MIGRATOR")]
async fn only_the_trusted_proxy_names_the_client_address(pool: PgPool) {
    use axum::extract::ConnectInfo;
    // The balancers' subnet (the address of each may change), and a machine just outside it.
    let (balancer, other_balancer): (std::net::SocketAddr, std::net::SocketAddr) = ("10.0.0.2:40000".parse().unwrap(), "10.0.0.6:40000".parse().unwrap());
    let stranger: std::net::SocketAddr = "10.0.0.8:40000".parse().unwrap();
    let settings = app::context::Settings {
        client_address_header: Some("x-forwarded-for".into()),
        trusted_proxies: vec![app::context::AddressRange::parse("10.0.0.0/29").unwrap()],
        metrics_from: vec![app::context::AddressRange::parse("10.1.2.3").unwrap()],
        ..Default::default()
    };
    let app = TestApp::with_settings(pool, settings).await;
    let router = app.router();
    let from = |peer: std::net::SocketAddr, path: &str| Request::get(path).extension(ConnectInfo(peer)).header("x-forwarded-for", "10.1.2.3").header("x-request-id", "chosen-id");
    let (status, headers, _) = text(&router, from(stranger, "/metrics")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a direct client named an allowed address in X-Forwarded-For and read /metrics");
    assert_ne!(headers.get("x-request-id").unwrap(), "chosen-id", "a direct client chose its request id");
    for balancer in [balancer, other_balancer] {
        let (status, headers, _) = text(&router, from(balancer, "/metrics")).await;
        assert_eq!(status, StatusCode::OK, "the header of the balancer at {balancer} names the operator's address");
        assert_eq!(headers.get("x-request-id").unwrap(), "chosen-id");
    }

    // Wrong passwords from the stranger, each under another made-up address: still one address.
    app.as_new_applicant("proxy.victim").await;
    let login = |i: u32| {
        Request::post("/api/login")
            .extension(ConnectInfo(stranger))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from("username=proxy.victim&password=wrong"))
            .unwrap()
    };
    let mut statuses = vec![];
    for i in 0..12 {
        statuses.push(router.clone().oneshot(login(i)).await.unwrap().status().as_u16());
    }
    assert_eq!(statuses.last(), Some(&429), "made-up addresses escaped the limit of wrong passwords: {statuses:?}");
}
