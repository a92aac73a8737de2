//! Issue 11's figures: the time to import a bank result file of 10,000 lines (goal ≤ 5 s), from
//! the bytes to the committed report — read, judged line by line, 10,000 state changes with their
//! events, inbox rows and queued mails, the cards and the lines; and the API's verify throughput
//! through the real router and key check (requests per second, one caller and eight at once).
//! On a real PostgreSQL (`DATABASE_URL`, a fresh database per run). Run with `./scripts/bench.sh`
//! or `cargo bench -p server --bench cards`.
mod support;

use std::time::Instant;

use axum::body::Body;
use axum::http::{header, Request};
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

const LINES: i64 = 10_000;
const CHECKS: usize = 2_000;

#[tokio::main]
async fn main() {
    let pool = support::fresh_database("yunju_bench_cards", 16).await;

    // 10,000 approved cases on one order batch, and the bank's file: 99 in 100 made, the rest refused.
    let csv = support::cases_at_the_bank(&pool, LINES).await;
    let bank = user(&pool, "bank").await;

    let start = Instant::now();
    let (text, gb18030) = app::cards::export::decode(csv.as_bytes());
    let file = app::domain::bank_file::read(&text);
    let report = app::cards::ImportReport { file_name: "bench.csv".into(), read_as_gb18030: gb18030, ..Default::default() };
    let id = app::cards::db::import(&pool, &bank, report, "", file, false).await.unwrap();
    let took = start.elapsed();
    let view = app::cards::db::import_view(&pool, id, chrono::Utc::now().date_naive()).await.unwrap();
    let made: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE status = 'card_made'").fetch_one(&pool).await.unwrap();
    let mails: i64 = sqlx::query_scalar("SELECT count(*) FROM email_outbox").fetch_one(&pool).await.unwrap();
    assert_eq!((view.report.made.len() as i64, made, view.report.errors.len()), (LINES - LINES / 100, LINES - LINES / 100, 0));
    println!(
        "result file of {LINES} lines ({} KB) imported in {:.0} ms (goal ≤ 5000 ms): {} made, {} refused, {mails} mails queued",
        csv.len() / 1024,
        took.as_secs_f64() * 1000.0,
        view.report.made.len(),
        view.report.refused.len()
    );
    // Importing it again changes nothing (and says so).
    let start = Instant::now();
    let file = app::domain::bank_file::read(&text);
    let id = app::cards::db::import(&pool, &bank, app::cards::ImportReport::default(), "", file, false).await.unwrap();
    let again = app::cards::db::import_view(&pool, id, chrono::Utc::now().date_naive()).await.unwrap();
    println!("the same file again: {} lines unchanged, in {:.0} ms", again.report.unchanged.len(), start.elapsed().as_secs_f64() * 1000.0);

    // Issue the made cards, then measure the API's verify through the real router.
    let office = user(&pool, "talent_office").await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM applications WHERE status = 'card_made' ORDER BY id").fetch_all(&pool).await.unwrap();
    let start = Instant::now();
    app::cards::db::issue(&pool, &office, &ids, chrono::Utc::now().date_naive()).await.unwrap();
    println!("{} cards issued in one action in {:.0} ms (notices to the unit, the department and every provider)", ids.len(), start.elapsed().as_secs_f64() * 1000.0);
    let checks: Vec<(String, String)> = sqlx::query_as("SELECT c.card_number, a.id_number FROM cards c JOIN applications a ON a.id = c.application_id ORDER BY c.id LIMIT $1")
        .bind(CHECKS as i64)
        .fetch_all(&pool)
        .await
        .unwrap();
    let hospital: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'hospital'").fetch_one(&pool).await.unwrap();
    let admin_user = user(&pool, "admin").await;
    let settings = app::context::Settings {
        verify_per_minute: 1_000_000,
        // Each check from its own address (a proxy's header), as many counters would: the
        // per-address limit is not what is measured here.
        client_address_header: Some("x-forwarded-for".into()),
        trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
        ..Default::default()
    };
    let key_id = app::api_v1::db::create(&pool, settings.secret.as_slice(), &admin_user, hospital, "bench", &["verify".into()]).await.unwrap();
    let key = app::api_v1::db::reveal(&pool, settings.secret.as_slice(), &admin_user, key_id).await.unwrap().unwrap();
    let files = std::sync::Arc::new(app::apply::documents::LocalDisk { root: std::env::temp_dir().join("yunju-bench-cards") });
    let router_settings_keys = settings.ecard.clone();
    let router = server::router(server::AppState { pool: pool.clone(), checks: app::context::CheckPool(pool.clone()), leptos_options: LeptosOptions::builder().output_name("yunju").build(), settings, files, live: app::live::stream::Live::new(pool.clone()) });
    let check = |i: usize| {
        let (card, id_number) = checks[i % checks.len()].clone();
        let (router, key) = (router.clone(), key.clone());
        async move {
            let body = serde_json::json!({ "card_number": card, "id_number": id_number }).to_string();
            let req = Request::post("/api/v1/verify")
                .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 40000))))
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-forwarded-for", format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256))
                .body(Body::from(body))
                .unwrap();
            let res = router.oneshot(req).await.unwrap();
            assert_eq!(res.status(), 200);
        }
    };
    for concurrency in [1usize, 8] {
        let start = Instant::now();
        let mut done = 0;
        while done < CHECKS {
            let wave: Vec<_> = (done..(done + concurrency).min(CHECKS)).map(|i| tokio::spawn(check(i))).collect();
            for w in wave {
                w.await.unwrap();
            }
            done += concurrency;
        }
        let secs = start.elapsed().as_secs_f64();
        println!("API verify: {CHECKS} checks, {concurrency} at once: {:.0} checks/s ({:.2} ms each)", CHECKS as f64 / secs, secs * 1000.0 / CHECKS as f64 * concurrency as f64);
    }

    // Issue 12: the counter's e-card check — the QR token's Ed25519 signature, its nonce looked
    // up, the card's status, the log row (and the rate limits) — as the verify page posts it,
    // 16 counters at once, each request timed.
    const CLIENTS: usize = 16;
    let cards: Vec<i64> = sqlx::query_scalar("SELECT id FROM cards WHERE issued_on IS NOT NULL ORDER BY id LIMIT $1").bind(CHECKS as i64).fetch_all(&pool).await.unwrap();
    let now = chrono::Utc::now().timestamp();
    let mut tokens = Vec::new();
    for card in &cards {
        tokens.push(app::ecard::db::mint(&pool, &router_settings_keys, *card, now).await.unwrap().0);
    }
    let login = Request::post("/api/login")
        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 40000))))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header("x-forwarded-for", "10.255.0.1")
        .body(Body::from("username=hospital&password=Demo%402026"))
        .unwrap();
    let res = router.clone().oneshot(login).await.unwrap();
    let cookie = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let tokens = std::sync::Arc::new(tokens);
    let start = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (router, cookie, tokens) = (router.clone(), cookie.clone(), tokens.clone());
            tokio::spawn(async move {
                let mut took = Vec::new();
                for i in (client..tokens.len()).step_by(CLIENTS) {
                    let body = format!("code={}", tokens[i].replace(':', "%3A"));
                    let req = Request::post("/api/verify_code")
                        .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 40000))))
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .header(header::ACCEPT, "application/json")
                        .header(header::COOKIE, &cookie)
                        .header("x-forwarded-for", format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256))
                        .body(Body::from(body))
                        .unwrap();
                    let one = Instant::now();
                    let res = router.clone().oneshot(req).await.unwrap();
                    assert_eq!(res.status(), 200, "the e-card check failed");
                    took.push(one.elapsed().as_secs_f64() * 1000.0);
                }
                took
            })
        })
        .collect();
    let mut took = Vec::new();
    for c in clients {
        took.extend(c.await.unwrap());
    }
    let secs = start.elapsed().as_secs_f64();
    took.sort_by(|a, b| a.total_cmp(b));
    let p = |q: f64| took[((took.len() as f64 * q) as usize).min(took.len() - 1)];
    println!(
        "e-card QR check (signature + nonce + status + log row): {} checks, {CLIENTS} at once: {:.0} checks/s, p50 {:.2} ms, p99 {:.2} ms",
        took.len(),
        took.len() as f64 / secs,
        p(0.5),
        p(0.99)
    );
}

async fn user(pool: &sqlx::PgPool, username: &str) -> app::auth::CurrentUser {
    support::user(pool, username).await
}
