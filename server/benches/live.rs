//! Issue 15: 500 open live streams on one release instance. Prints the server's memory and CPU at
//! rest and while 50 transitions a second are made, and the delay from each transition to its
//! event reaching every stream (p50/p99, from the transition's answer and from its request), with
//! the count of events expected, received and missing. Run by `./scripts/bench.sh`, or
//! `cargo bench -p server --bench live`.
mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const STREAMS: usize = 500;
const PER_SECOND: usize = 50;
const SECONDS: usize = 10;

fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap() // utime + stime
}

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap().trim().trim_end_matches(" kB").parse::<f64>().unwrap() / 1024.0
}

/// The server's CPU (% of one core) and RSS over `window`.
async fn usage(pid: u32, window: Duration) -> (f64, f64) {
    let before = cpu_ticks(pid);
    tokio::time::sleep(window).await;
    let ticks = cpu_ticks(pid) - before;
    (ticks as f64 / 100.0 / window.as_secs_f64() * 100.0, rss_mib(pid))
}

async fn session(base: &str, username: &str, n: usize) -> String {
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", format!("10.251.{}.{}", n / 256, n % 256))
        .body(format!("username={username}&password={}", server::seed::DEMO_PASSWORD))
        .send()
        .await
        .unwrap();
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string)).find(|c| c.starts_with("yj_session=")).expect("a session")
}

fn percentile(sorted: &[f64], p: usize) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let cases = (PER_SECOND * SECONDS) as i64;
    let pool = support::fresh_database("yunju_live", 4).await;
    let db_url = format!("{}/yunju_live", std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55432/postgres".into()).rsplit_once('/').unwrap().0);
    // Cases at re-review: HRSS passes each to the decision (no routing in between).
    support::cases_in(&pool, "re_review", cases).await;
    let ids: Vec<(i64, i32)> = sqlx::query_as("SELECT id, version FROM applications WHERE status = 're_review' ORDER BY id").fetch_all(&pool).await.unwrap();

    let keys = std::env::temp_dir().join(format!("yunju-live-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keys);
    std::fs::create_dir_all(&keys).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let server = support::start_server(&db_url, port, &keys, &[("APP_FEATURES_CLIENT_ADDRESS_HEADER", "x-forwarded-for"), ("APP_FEATURES_TRUSTED_PROXIES", "127.0.0.1")]);
    let pid = server.0.id();
    for _ in 0..300 {
        if reqwest::get(format!("{base}/readyz")).await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (idle_cpu, idle_rss) = usage(pid, Duration::from_secs(3)).await;

    // 500 officials of the talent office (it sees every submitted case), each signed in (their
    // sessions made here: 500 sign-ins would only measure argon2), each with a stream open.
    sqlx::query(
        "INSERT INTO users (username, password_hash, role, display_name)
         SELECT 'live.office.' || n, password_hash, role, '人才办 ' || n FROM users, generate_series(1, $1) n WHERE username = 'talent_office'",
    )
    .bind(STREAMS as i64)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, expires_at)
         SELECT sha256(convert_to('live-bench-' || n, 'UTF8')), u.id, now() + interval '1 day'
           FROM generate_series(1, $1) n JOIN users u ON u.username = 'live.office.' || n",
    )
    .bind(STREAMS as i64)
    .execute(&pool)
    .await
    .unwrap();
    let cookies: Vec<String> = (1..=STREAMS).map(|n| format!("yj_session=live-bench-{n}")).collect();
    let arrivals: Arc<Mutex<HashMap<i64, Vec<Instant>>>> = Arc::default();
    let mut readers = vec![];
    for n in 0..STREAMS {
        let client = reqwest::Client::new();
        let mut res = client.get(format!("{base}/live/changes")).header("cookie", &cookies[n % cookies.len()]).send().await.unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::OK);
        let arrivals = arrivals.clone();
        readers.push(tokio::spawn(async move {
            let mut buffer = String::new();
            while let Ok(Some(chunk)) = res.chunk().await {
                let now = Instant::now();
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let block: String = buffer.drain(..end + 2).collect();
                    if let Some(case) = block.split("\"case\":").nth(1).and_then(|r| r.split(',').next()).and_then(|c| c.parse::<i64>().ok()) {
                        arrivals.lock().unwrap().entry(case).or_default().push(now);
                    }
                }
            }
        }));
    }
    let (rest_cpu, rest_rss) = usage(pid, Duration::from_secs(5)).await;

    // HRSS passes 50 cases a second for 10 s, each request timed.
    let hrss = Arc::new(session(&base, "hrss", 100).await);
    let sent: Arc<Mutex<HashMap<i64, (Instant, Instant)>>> = Arc::default();
    let load = {
        let (base, hrss, sent) = (base.clone(), hrss.clone(), sent.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut tick = tokio::time::interval(Duration::from_secs(1) / PER_SECOND as u32);
            let mut tasks = vec![];
            for (id, version) in ids {
                tick.tick().await;
                let (client, base, hrss, sent) = (client.clone(), base.clone(), hrss.clone(), sent.clone());
                tasks.push(tokio::spawn(async move {
                    let started = Instant::now();
                    let res = client
                        .post(format!("{base}/api/act"))
                        .header("accept", "application/json")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .header("cookie", hrss.as_str())
                        .body(format!("id={id}&version={version}&command=pass&opinion=ok"))
                        .send()
                        .await
                        .unwrap();
                    assert!(res.status().is_success(), "act {id}: {}", res.status());
                    sent.lock().unwrap().insert(id, (started, Instant::now()));
                }));
            }
            for t in tasks {
                t.await.unwrap();
            }
        })
    };
    let (load_cpu, load_rss) = usage(pid, Duration::from_secs(SECONDS as u64 - 1)).await;
    load.await.unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;

    let sent = sent.lock().unwrap().clone();
    let arrivals = arrivals.lock().unwrap().clone();
    let (mut after_answer, mut after_request) = (vec![], vec![]);
    let mut received = 0usize;
    for (case, (started, answered)) in &sent {
        for at in arrivals.get(case).map(Vec::as_slice).unwrap_or(&[]) {
            received += 1;
            after_answer.push(at.saturating_duration_since(*answered).as_secs_f64() * 1000.0);
            after_request.push(at.saturating_duration_since(*started).as_secs_f64() * 1000.0);
        }
    }
    after_answer.sort_by(f64::total_cmp);
    after_request.sort_by(f64::total_cmp);
    let expected = sent.len() * STREAMS;
    println!("live streams (issue 15): {STREAMS} streams open on one release instance; {} transitions at {PER_SECOND}/s", sent.len());
    println!("  server at rest, no streams:        CPU {idle_cpu:5.1} % of a core, RSS {idle_rss:6.1} MiB");
    println!("  server at rest, {STREAMS} streams:      CPU {rest_cpu:5.1} % of a core, RSS {rest_rss:6.1} MiB");
    println!("  server, {STREAMS} streams, {PER_SECOND} changes/s: CPU {load_cpu:5.1} % of a core, RSS {load_rss:6.1} MiB");
    println!(
        "  events: expected {expected}, received {received}, missing {}; delay to the client after the transition's answer p50 {:.1} ms, p99 {:.1} ms (after its request: p50 {:.1}, p99 {:.1})",
        expected.saturating_sub(received),
        percentile(&after_answer, 50),
        percentile(&after_answer, 99),
        percentile(&after_request, 50),
        percentile(&after_request, 99)
    );
    for r in readers {
        r.abort();
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&keys);
}
