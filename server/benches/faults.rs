//! Issue 14, item 6: faults under a steady load of state changes. Two server processes on one
//! database; 16 officials return cases as fast as they can, each request to either instance (as a
//! load balancer would, trying the other when one does not answer). Three seconds in, PostgreSQL
//! is restarted (`FAULT_PG_RESTART`, a shell command: scripts/bench.sh passes the project's
//! `pg_ctl restart`); eight seconds in, instance B is killed. Afterwards, from the database: every
//! change a client was told succeeded is there with its event row, none twice; the instance that
//! lived recovered without a restart; and no client waited past the stated timeout.
//! Prints: acknowledged, found, duplicated, lost; errors by kind; the longest wait.
mod support;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CASES: i64 = 15_000;
const CLIENTS: usize = 16;
/// A client gives up on one request after this, and says so (never a hang).
const TIMEOUT: Duration = Duration::from_secs(10);

fn start(db_url: &str, port: u16, keys: &std::path::Path) -> support::Running {
    support::start_server(db_url, port, keys, &[("APP_DATABASE_MAX_CONNECTIONS", "8")])
}

async fn ready(client: &reqwest::Client, base: &str, within: Duration) -> bool {
    let until = Instant::now() + within;
    while Instant::now() < until {
        if client.get(format!("{base}/readyz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[derive(Default)]
struct Tally {
    acknowledged: Vec<i64>,
    /// Error kinds seen (a status, "timeout", "connection refused" …) and how many.
    errors: BTreeMap<String, u64>,
    longest: Duration,
}

#[tokio::main]
async fn main() {
    let pool = support::fresh_database("yunju_faults", 4).await;
    let db_url = format!("{}/yunju_faults", std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55432/postgres".into()).rsplit_once('/').unwrap().0);
    // Cases waiting for the handling department's pre-review.
    sqlx::query(
        "INSERT INTO applications (applicant_id, filed_by, status, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at, department_code, answers)
         SELECT u.id, u.id, 'pre_review', '候选人' || n, 'passport', 'F' || lpad(n::text, 8, '0'), '广州白云测试公司', '91440111MA59DE7W0X',
                'district_enterprise', 12, 2, now(), NULL, '{}'::jsonb
           FROM generate_series(1, $1) n, users u WHERE u.username = 'applicant'",
    )
    .bind(CASES)
    .execute(&pool)
    .await
    .unwrap();
    let cases: Vec<(i64, i32)> = sqlx::query_as("SELECT id, version FROM applications WHERE status = 'pre_review' ORDER BY id").fetch_all(&pool).await.unwrap();
    let keys = std::env::temp_dir().join(format!("yunju-faults-{}", std::process::id()));
    std::fs::create_dir_all(&keys).unwrap();
    // Two free ports, both held until known, so that they differ.
    let held = [std::net::TcpListener::bind("127.0.0.1:0").unwrap(), std::net::TcpListener::bind("127.0.0.1:0").unwrap()];
    let bases = held.each_ref().map(|l| format!("http://127.0.0.1:{}", l.local_addr().unwrap().port()));
    drop(held);
    let a = start(&db_url, bases[0].rsplit(':').next().unwrap().parse().unwrap(), &keys);
    let b = start(&db_url, bases[1].rsplit(':').next().unwrap().parse().unwrap(), &keys);
    let plain = reqwest::Client::new();
    assert!(ready(&plain, &bases[0], Duration::from_secs(30)).await && ready(&plain, &bases[1], Duration::from_secs(30)).await);
    let session = {
        let res = plain
            .post(format!("{}/api/login", bases[0]))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("username=handling&password={}", server::seed::DEMO_PASSWORD.replace('@', "%40")))
            .send()
            .await
            .unwrap();
        res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string)).find(|c| c.starts_with("yj_session=")).unwrap()
    };

    let tally = Arc::new(Mutex::new(Tally::default()));
    let cases = Arc::new(cases);
    let started = Instant::now();
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let (tally, cases, bases, session) = (tally.clone(), cases.clone(), bases.clone(), session.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().timeout(TIMEOUT).build().unwrap();
            let mut turn = c;
            for (id, version) in cases.iter().skip(c).step_by(CLIENTS) {
                // Until it is answered for good: done, or already done (a retry of a change whose
                // answer was lost), or the run is over.
                loop {
                    if started.elapsed() > Duration::from_secs(120) {
                        return;
                    }
                    turn += 1;
                    let base = &bases[turn % 2];
                    let body = format!("id={id}&version={version}&command=return&reason_personal=%E8%AF%B7%E8%A1%A5%E5%85%85");
                    let sent = Instant::now();
                    let res = client
                        .post(format!("{base}/api/act"))
                        .header("cookie", &session)
                        .header("accept", "application/json")
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(body)
                        .send()
                        .await;
                    let waited = sent.elapsed();
                    let done = {
                        let mut t = tally.lock().unwrap();
                        t.longest = t.longest.max(waited);
                        let mut error = |kind: String| *t.errors.entry(kind).or_insert(0) += 1;
                        match res {
                            Ok(r) if r.status().is_success() => {
                                t.acknowledged.push(*id);
                                true
                            }
                            // Already returned: an earlier try went through, its answer lost.
                            Ok(r) if r.status() == 409 => {
                                error("409 already done (an earlier try's answer was lost)".into());
                                true
                            }
                            Ok(r) => {
                                error(format!("{} answered", r.status()));
                                false
                            }
                            Err(e) if e.is_timeout() => {
                                error(format!("no answer within {} s", TIMEOUT.as_secs()));
                                false
                            }
                            Err(e) if e.is_connect() => {
                                error("connection refused".into());
                                false
                            }
                            Err(_) => {
                                error("connection closed mid-request".into());
                                false
                            }
                        }
                    };
                    if done {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }));
    }
    // The faults.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let restart = std::env::var("FAULT_PG_RESTART").ok();
    let restarted = match &restart {
        Some(cmd) => Command::new("sh").args(["-c", cmd]).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success()),
        None => false,
    };
    let restart_took = started.elapsed();
    tokio::time::sleep(Duration::from_secs(5)).await;
    drop(b); // SIGKILL, mid-load
    let killed_at = started.elapsed();
    for c in clients {
        c.await.unwrap();
    }
    let took = started.elapsed();
    let a_recovered = ready(&plain, &bases[0], Duration::from_secs(5)).await;
    drop(a);

    let t = tally.lock().unwrap();
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&db_url).await.unwrap();
    let events: Vec<(i64, i64)> =
        sqlx::query_as("SELECT application_id, count(*) FROM application_events WHERE command = 'return' GROUP BY application_id").fetch_all(&pool).await.unwrap();
    let by_case: BTreeMap<i64, i64> = events.into_iter().collect();
    let returned: i64 = sqlx::query_scalar("SELECT count(*) FROM applications WHERE status = 'returned'").fetch_one(&pool).await.unwrap();
    let found = t.acknowledged.iter().filter(|id| by_case.get(id) == Some(&1)).count();
    let duplicated = by_case.values().filter(|n| **n > 1).count();
    let lost = t.acknowledged.iter().filter(|id| !by_case.contains_key(id)).count();
    println!(
        "faults: {CLIENTS} clients returning {CASES} cases over two instances; PostgreSQL {} at {:.1} s; instance B killed at {:.1} s; done in {:.1} s",
        if restarted { "restarted" } else { "NOT restarted (FAULT_PG_RESTART unset or failed)" },
        restart_took.as_secs_f64(),
        killed_at.as_secs_f64(),
        took.as_secs_f64()
    );
    println!(
        "  acknowledged {}, found {found}, duplicated {duplicated}, lost {lost}; changed in the database {returned} (events {}); instance A recovered without a restart: {}",
        t.acknowledged.len(),
        by_case.len(),
        if a_recovered { "yes" } else { "NO" }
    );
    println!("  errors the clients got: {:?}; the longest wait for an answer {:.2} s (timeout {} s)", t.errors, t.longest.as_secs_f64(), TIMEOUT.as_secs());
    std::fs::remove_dir_all(keys).ok();
}
