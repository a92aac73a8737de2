//! Two server processes on one database and one S3-compatible store (issue 14, item 4): nothing
//! an instance needs is kept on another's disk or in its memory. Real processes (the built
//! `server` binary), a real S3 protocol (moto's server, from PyPI; `scripts/test.sh` installs it),
//! a real SMTP conversation (a sink in this test). And the live streams (issue 15): an official on
//! each instance hears a change made on either.
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::PgPool;

use crate::common::{card_number, Actor, TestApp, DEMO_PASSWORD, PDF};
use app::error::AppError;

/// A child process stopped when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn wait_for(url: &str, what: &str) {
    let client = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if client.get(url).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{what} did not answer at {url} within 60 s");
}

/// moto's S3 server on a port of its own, with an empty bucket `yunju-documents`.
async fn start_s3() -> (Running, String) {
    let moto = std::env::var("YUNJU_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
    let port = free_port();
    let child = Command::new(&moto)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {moto} ({e}): scripts/test.sh installs moto[server] from PyPI and sets YUNJU_MOTO_SERVER"));
    let endpoint = format!("http://127.0.0.1:{port}");
    let guard = Running(child);
    wait_for(&format!("{endpoint}/moto-api/"), "moto").await;
    let made = reqwest::Client::new().put(format!("{endpoint}/yunju-documents")).send().await.unwrap();
    assert!(made.status().is_success(), "the bucket: {}", made.status());
    (guard, endpoint)
}

/// An SMTP server that takes every message and keeps it (enough of RFC 5321 for lettre).
fn start_smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let kept = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let kept = kept.clone();
            std::thread::spawn(move || {
                let mut out = stream.try_clone().unwrap();
                let mut lines = BufReader::new(stream);
                let _ = out.write_all(b"220 sink ESMTP\r\n");
                let mut line = String::new();
                while lines.read_line(&mut line).unwrap_or(0) > 0 {
                    let verb = line.trim_end().to_ascii_uppercase();
                    let reply: &[u8] = if verb.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if verb == "DATA" {
                        let _ = out.write_all(b"354 end with .\r\n");
                        let mut message = String::new();
                        let mut l = String::new();
                        while lines.read_line(&mut l).unwrap_or(0) > 0 && l != ".\r\n" {
                            message.push_str(&l);
                            l.clear();
                        }
                        kept.lock().unwrap().push(message);
                        b"250 kept\r\n"
                    } else if verb == "QUIT" {
                        let _ = out.write_all(b"221 bye\r\n");
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = out.write_all(reply);
                    line.clear();
                }
            });
        }
    });
    (port, got)
}

/// A server process of the built binary on `port`, on the test's database and the shared store.
fn start_instance(db_url: &str, port: u16, s3: &str, smtp: u16, keys: &std::path::Path) -> Running {
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .env("APP_CONFIG", "/nonexistent/Leptos.toml")
        .env("APP_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("APP_SITE_ROOT", std::env::temp_dir())
        .env("APP_DATABASE_URL", db_url)
        .env("APP_DATABASE_MAX_CONNECTIONS", "5")
        .env("APP_STORAGE_BACKEND", "s3")
        .env("APP_STORAGE_S3_ENDPOINT", s3)
        .env("APP_STORAGE_S3_BUCKET", "yunju-documents")
        .env("APP_STORAGE_S3_ACCESS_KEY_ID", "testing")
        .env("APP_STORAGE_S3_SECRET_ACCESS_KEY", "testing")
        .env("APP_KEYS_DIR", keys)
        .env("APP_MAIL_SMTP_URL", format!("smtp://127.0.0.1:{smtp}"))
        .env("APP_FEATURES_SEED_DEMO_ACCOUNTS", "true")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server binary");
    Running(child)
}

/// An actor whose requests go over HTTP to `base` (the helpers are the same as in-process).
fn over_http(base: String) -> Actor {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let router = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            let url = format!("{base}{}", parts.uri.path_and_query().map_or("/", |p| p.as_str()));
            let res = client.request(parts.method, url).headers(parts.headers).body(body).send().await.unwrap();
            let mut out = axum::http::Response::builder().status(res.status());
            for (name, value) in res.headers() {
                out = out.header(name, value);
            }
            out.body(axum::body::Body::from(res.bytes().await.unwrap())).unwrap()
        }
    });
    Actor::over(router)
}

/// `/live/changes` on `base` as the holder of `cookie`, open.
async fn live_stream(base: &str, cookie: &str) -> reqwest::Response {
    let res = reqwest::Client::new().get(format!("{base}/live/changes")).header("cookie", cookie).send().await.unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    res
}

/// What a stream sends within `wait`.
async fn within(stream: &mut reqwest::Response, wait: Duration) -> String {
    let until = tokio::time::Instant::now() + wait;
    let mut text = String::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(until, stream.chunk()).await {
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    text
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn two_instances_share_sessions_documents_races_and_mail(pool: PgPool) {
    let options = pool.connect_options();
    let db_url = format!("postgres://{}@{}:{}/{}", options.get_username(), options.get_host(), options.get_port(), options.get_database().unwrap());
    let (_s3, s3) = start_s3().await;
    let (smtp, mails) = start_smtp_sink();
    let keys = std::env::temp_dir().join(format!("yunju-two-instances-{}", std::process::id()));
    std::fs::create_dir_all(&keys).unwrap();
    // Scheduled work already due when both start, each running it at once (`spawn_jobs`): a card
    // whose period ends in 20 days, its two rounds never submitted (as in `jobs.rs`).
    let setup = TestApp::new(pool.clone()).await;
    let ending = crate::cards::approved_case(&setup, &mut setup.as_new_applicant("two.instances.ending").await).await;
    setup.make_and_issue(&[(ending, &card_number("622202000001599"))]).await;
    setup.set_issue_day(ending, app::context::today() + chrono::Duration::days(21) - chrono::Duration::days(1826)).await;
    let (port_a, port_b) = (free_port(), free_port());
    // Both start at once: one seeds the demo accounts, the other waits for it (seed.rs).
    let _a = start_instance(&db_url, port_a, &s3, smtp, &keys);
    let _b = start_instance(&db_url, port_b, &s3, smtp, &keys);
    let (a, b) = (format!("http://127.0.0.1:{port_a}"), format!("http://127.0.0.1:{port_b}"));
    wait_for(&format!("{a}/readyz"), "instance A").await;
    wait_for(&format!("{b}/readyz"), "instance B").await;
    let ready = reqwest::get(format!("{b}/readyz")).await.unwrap().text().await.unwrap();
    assert!(ready.contains(r#""uploads":"ok""#), "the S3 store is usable: {ready}");
    // A bucket that is not there: the store is not usable, and says so.
    let missing = server::config::Storage { backend: "s3".into(), s3_endpoint: s3.clone(), s3_bucket: "no-such-bucket".into(), s3_access_key_id: "testing".into(), s3_secret_access_key: "testing".into(), ..Default::default() };
    let store = server::storage::files(&missing).unwrap();
    assert!(store.check().await.is_err(), "a missing bucket passed the readiness check");
    assert!(server::storage::files(&server::config::Storage { backend: "tape".into(), ..Default::default() }).is_err());

    // A session made on A is valid on B.
    let mut on_a = over_http(a.clone());
    on_a.call("register", &[("username", "two.instances"), ("display_name", "两地 申请人"), ("password", "Two-instances-2026"), ("id_type", "resident_id"), ("id_number", "")])
        .await
        .unwrap();
    let mut on_b = over_http(b.clone());
    on_b.cookie = on_a.cookie.clone();
    let me = on_b.call("me", &[]).await.unwrap();
    assert_eq!(me["username"], "two.instances", "B knows A's session: {me}");

    // Documents uploaded through A (into S3) download through B, byte for byte.
    let id = on_a.new_draft("2").await;
    let token: String = sqlx::query_scalar("SELECT token FROM documents WHERE application_id = $1 AND kind = 'talent_proof'").bind(id).fetch_one(&pool).await.unwrap();
    let res = on_b.send(axum::http::Request::get(format!("/documents/{token}"))).await;
    assert_eq!(res.status(), axum::http::StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(res.into_body()).await.unwrap().to_bytes();
    assert_eq!(&bytes[..], PDF, "the document came back whole through the other instance");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM documents WHERE application_id = $1").bind(id).fetch_one(&pool).await.unwrap();
    assert!(stored >= 2);

    // Submitted through B; then one handling official on each instance passes it at once: one wins.
    let version: i32 = sqlx::query_scalar("SELECT version FROM applications WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
    on_b.submit(id, version).await.unwrap();
    let version: i32 = sqlx::query_scalar("SELECT version FROM applications WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
    let mut official_a = over_http(a.clone());
    official_a.call("login", &[("username", "handling"), ("password", DEMO_PASSWORD)]).await.unwrap();
    let mut official_b = over_http(b.clone());
    official_b.call("login", &[("username", "handling"), ("password", DEMO_PASSWORD)]).await.unwrap();
    // Each official has the live queue open on their own instance (issue 15): both hear the one
    // pass, whichever instance made it (PostgreSQL's NOTIFY reaches both).
    let mut live_a = live_stream(&a, official_a.cookie.as_deref().unwrap()).await;
    let mut live_b = live_stream(&b, official_b.cookie.as_deref().unwrap()).await;
    let (first, second) = tokio::join!(official_a.act(id, version, "pass", "材料齐全"), official_b.act(id, version, "pass", "材料齐全"));
    let outcomes = [first, second];
    assert_eq!(outcomes.iter().filter(|o| o.is_ok()).count(), 1, "{outcomes:?}");
    assert!(outcomes.iter().any(|o| matches!(o, Err(AppError::Conflict))), "{outcomes:?}");
    let passes: i64 = sqlx::query_scalar("SELECT count(*) FROM application_events WHERE application_id = $1 AND command = 'pass'").bind(id).fetch_one(&pool).await.unwrap();
    assert_eq!(passes, 1);
    for (name, stream) in [("A", &mut live_a), ("B", &mut live_b)] {
        let heard = within(stream, Duration::from_secs(3)).await;
        assert_eq!(heard.matches("event: change").count(), 1, "instance {name}'s stream: {heard}");
        assert!(heard.contains(&format!("\"case\":{id},\"status\":\"first_review\"")), "instance {name}'s stream: {heard}");
    }

    // The scheduled work ran on both at start: each reminder once, one mail to the holder (sent
    // once, below).
    let started = Instant::now();
    while sqlx::query_scalar::<_, i64>("SELECT count(*) FROM job_runs").fetch_one(&pool).await.unwrap() == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "the scheduled work did not run within 30 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let reminders: Vec<(String, i16)> =
        sqlx::query_as("SELECT m.kind, m.round FROM reminders m JOIN cards c ON c.id = m.card_id WHERE c.application_id = $1 ORDER BY m.round, m.kind").bind(ending).fetch_all(&pool).await.unwrap();
    assert_eq!(reminders, [("card_ending_30".to_string(), 0), ("assessment_overdue".to_string(), 1), ("assessment_overdue".to_string(), 2)]);
    let reminder_mails: i64 = sqlx::query_scalar("SELECT count(*) FROM email_outbox WHERE reminder_id IS NOT NULL").fetch_one(&pool).await.unwrap();
    assert_eq!(reminder_mails, 1, "the holder of the ending card is mailed once");

    // The outbox: both workers run; every queued mail is sent once.
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM email_outbox").fetch_one(&pool).await.unwrap();
    assert!(queued >= 2, "the submission and the pass each queue a mail: {queued}");
    let started = Instant::now();
    loop {
        let pending: i64 = sqlx::query_scalar("SELECT count(*) FROM email_outbox WHERE sent_at IS NULL").fetch_one(&pool).await.unwrap();
        if pending == 0 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{pending} mails still unsent after 30 s");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    tokio::time::sleep(Duration::from_secs(6)).await; // a second worker's next round, had it taken one too
    let got = mails.lock().unwrap().clone();
    let ids: BTreeSet<String> = got.iter().filter_map(|m| m.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")).map(str::to_string)).collect();
    assert_eq!(got.len() as i64, queued, "every queued mail once, none twice");
    assert_eq!(ids.len(), got.len(), "no mail sent twice");

    std::fs::remove_dir_all(keys).ok();
}
