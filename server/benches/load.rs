//! Issue 14, item 5: the release server under load, measured against the ceiling, on this machine.
//! - Provider verification by API (`POST /api/v1/verify`, a key) and by the verify page's server
//!   function (`verify_card`, a session): requests/s, p50 and p99 at 1, 16 and 64 concurrent
//!   clients over kept-alive connections (wrk), beside `pgbench` running the very SQL statements
//!   one such request runs (read from PostgreSQL's statement log), as a ratio.
//! - 64 applicants saving a section, and 64 officials loading their queue, at once: p50 and p99.
//! - The server's memory (RSS) under that load, and the database connections it holds.
//! The server is the built binary (`CARGO_BIN_EXE_server`), started here on a fresh database.
//! Needs the project's local PostgreSQL (its log: `PG_LOG`, default `.local/pgsock/pg.log`) and
//! pgbench and wrk (Debian's packages). Run by `./scripts/bench.sh`, or `cargo bench -p server --bench load`.
mod support;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CARDS: i64 = 1_000;
const SECONDS: u64 = 5;

/// One request of a run: its URL, headers and body.
#[derive(Clone)]
struct Call {
    url: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// Requests/s, p50 and p99 (ms) of `clients` kept-alive clients sending `make(i)` for `SECONDS`.
async fn load(clients: usize, make: Arc<dyn Fn(usize) -> Call + Send + Sync>) -> (f64, f64, f64) {
    let until = Instant::now() + Duration::from_secs(SECONDS);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
            let mut times = Vec::new();
            let mut i = c;
            while Instant::now() < until {
                let call = make(i);
                let mut req = if call.body.is_empty() { client.get(&call.url) } else { client.post(&call.url).body(call.body) };
                for (k, v) in &call.headers {
                    req = req.header(k, v);
                }
                let start = Instant::now();
                let res = req.send().await.expect("the server answers");
                let status = res.status();
                let _ = res.bytes().await;
                assert!(status.is_success() || status.is_redirection(), "{}: {status}", call.url);
                times.push(start.elapsed().as_secs_f64() * 1000.0);
                i += clients;
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_by(f64::total_cmp);
    (all.len() as f64 / SECONDS as f64, all[all.len() / 2], all[all.len() * 99 / 100])
}

/// Requests/s, p50 and p99 (ms) of `clients` kept-alive connections of wrk (C, like pgbench, so
/// the load generator takes as little of the machine's two cores as the ceiling's does) posting to
/// `path` for `SECONDS`: each request the next of `bodies`, from an address of its own (`run`
/// keeps one row's addresses apart from another's, as pgbench's are).
fn wrk(base: &str, path: &str, headers: &[(&str, &str)], bodies: &[String], clients: usize, run: usize) -> (f64, f64, f64) {
    let dir = tempdir("wrk");
    let quote = |s: &str| format!("[==[{s}]==]");
    let mut lua = String::from("local bodies = {\n");
    for b in bodies {
        lua += &format!("  {},\n", quote(b));
    }
    lua += "}\nlocal headers = {\n";
    for (k, v) in headers {
        lua += &format!("  [ {} ] = {},\n", quote(k), quote(v));
    }
    lua += &format!(
        r#"}}
local n, threads = 0, 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function request()
  n = n + 1
  headers["x-forwarded-for"] = string.format("10.%d.%d.%d", {run} * 2 + tid, math.floor(n / 256) % 256, n % 256)
  return wrk.format("POST", {path}, headers, bodies[(n * 2 + tid) % #bodies + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("result %d %d %d %d %d\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
"#,
        path = quote(path)
    );
    let script = dir.join("load.lua");
    std::fs::write(&script, lua).unwrap();
    let out = Command::new("wrk")
        .args(["-t", if clients == 1 { "1" } else { "2" }, "-c", &clients.to_string(), "-d", &format!("{SECONDS}s"), "-s"])
        .arg(&script)
        .arg(base)
        .output()
        .expect("wrk (Debian's package wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find_map(|l| l.strip_prefix("result ")).unwrap_or_else(|| panic!("wrk printed no result: {text}{}", String::from_utf8_lossy(&out.stderr)));
    let v: Vec<f64> = line.split_whitespace().map(|x| x.parse().unwrap()).collect();
    assert_eq!(v[4], 0.0, "{path}: {} requests failed or were answered with an error", v[4]);
    (v[0] / (v[1] / 1e6), v[2] / 1000.0, v[3] / 1000.0)
}

/// The statements of one request, as PostgreSQL logged them, with their parameters put in: a
/// pgbench script. `vary` is a parameter value to make different per transaction (`:n`).
fn pgbench_script(log: &str, vary: &str) -> String {
    let address_key: String = <sha2::Sha256 as sha2::Digest>::digest(format!("verify-address\n{vary}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    let mut out = String::from("\\set n random(1, 1000000000)\n");
    let mut lines = log.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(at) = line.find("LOG:  execute ").or_else(|| line.find("LOG:  statement: ")) else { continue };
        let rest = &line[at + 6..];
        let mut sql = match rest.strip_prefix("statement: ") {
            Some(s) => s.to_string(),
            None => rest.split_once(": ").map(|x| x.1).unwrap_or("").to_string(),
        };
        // A statement goes on over the lines that do not start a new log entry.
        while let Some(next) = lines.peek() {
            if next.starts_with(char::is_whitespace) {
                sql.push('\n');
                sql.push_str(next.trim_start());
                lines.next();
            } else {
                break;
            }
        }
        if let Some(detail) = lines.peek().and_then(|l| l.split_once("DETAIL:  parameters: ")).map(|(_, d)| d.to_string()) {
            lines.next();
            let mut params: Vec<(String, String)> = detail.split(", $").map(|p| p.trim_start_matches('$').split_once(" = ").map(|(k, v)| (k.to_string(), v.to_string())).unwrap()).collect();
            params.sort_by_key(|(k, _)| std::cmp::Reverse(k.parse::<usize>().unwrap()));
            for (k, v) in params {
                // The client's address, and its rate-limit window's key (`limits::count`): one per
                // transaction, as each HTTP request comes from its own address.
                let v = if v.trim_matches('\'') == vary {
                    "('10.' || :n)".to_string()
                } else if v.trim_matches('\'') == format!("\\x{address_key}") {
                    "sha256(convert_to('verify-address' || chr(10) || '10.' || :n, 'UTF8'))".to_string()
                } else if v.contains(&address_key) {
                    // The keys of several limits counted in one statement (`limits::hit_each`).
                    let keys = v.trim_matches(|c| c == '\'' || c == '{' || c == '}').split(',').map(|k| k.trim_matches('"').trim_start_matches('\\').trim_start_matches('x'));
                    let keys: Vec<String> = keys
                        .map(|k| if k == address_key { "sha256(convert_to('verify-address' || chr(10) || '10.' || :n, 'UTF8'))".to_string() } else { format!("'\\x{k}'::bytea") })
                        .collect();
                    format!("ARRAY[{}]", keys.join(", "))
                } else {
                    v
                };
                sql = sql.replace(&format!("${k}"), &v);
            }
        }
        if sql.trim() == "BEGIN" || sql.trim() == "COMMIT" || !sql.is_empty() {
            out.push_str(&sql.replace('\n', " "));
            out.push_str(";\n");
        }
    }
    out
}

/// pgbench on `script` with `clients`: transactions/s, p50 and p99 (ms) from its per-transaction log.
fn pgbench(url: &str, script: &std::path::Path, clients: usize) -> (f64, f64, f64) {
    let dir = tempdir("pgbench-log");
    let status = Command::new("pgbench")
        .args(["-n", "-M", "prepared", "-c", &clients.to_string(), "-j", "2", "-T", &SECONDS.to_string(), "-l", "--log-prefix"])
        .arg(dir.join("t"))
        .arg("-f")
        .arg(script)
        .arg(url)
        .stdout(Stdio::null())
        .status()
        .expect("pgbench (Debian's postgresql-contrib / postgresql-client)");
    assert!(status.success(), "pgbench failed");
    let mut times: Vec<f64> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        times.extend(text.lines().filter_map(|l| l.split_whitespace().nth(2)?.parse::<f64>().ok()).map(|us| us / 1000.0));
    }
    times.sort_by(f64::total_cmp);
    (times.len() as f64 / SECONDS as f64, times[times.len() / 2], times[times.len() * 99 / 100])
}

/// What PostgreSQL did in the background between two offsets of its log, to read beside a row's
/// p99: checkpoints that ended (their fsyncs), and the tables autovacuum vacuumed or analysed.
fn meanwhile(log_path: &str, from: u64) -> String {
    use std::io::{Read, Seek};
    let mut log = Vec::new();
    if let Ok(mut file) = std::fs::File::open(log_path) {
        let _ = file.seek(std::io::SeekFrom::Start(from)).and_then(|_| file.read_to_end(&mut log));
    }
    let text = String::from_utf8_lossy(&log);
    let checkpoints = text.lines().filter(|l| l.contains("LOG:  checkpoint complete")).count();
    let mut tables: Vec<&str> = Vec::new();
    for line in text.lines() {
        // … automatic vacuum of table "yunju_load.public.rate_limits": …
        let table = ["automatic vacuum of table \"", "automatic analyze of table \""]
            .iter()
            .find_map(|k| line.split_once(k)?.1.split('"').next()?.rsplit('.').next());
        if let Some(table) = table.filter(|t| !tables.contains(t)) {
            tables.push(table);
        }
    }
    let mut told = Vec::new();
    if checkpoints > 0 {
        told.push(format!("{checkpoints} checkpoint(s)"));
    }
    if !tables.is_empty() {
        told.push(format!("autovacuum of {}", tables.join(" ")));
    }
    told.join(", ")
}

fn log_length(log_path: &str) -> u64 {
    std::fs::metadata(log_path).map(|m| m.len()).unwrap_or(0)
}

/// A form value, percent-encoded.
fn form(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("yunju-load-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap().lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap().trim().trim_end_matches(" kB").parse().unwrap()
}

fn start(db_url: &str, port: u16, keys: &std::path::Path) -> support::Running {
    let settings = [
        ("APP_FEATURES_VERIFY_PER_MINUTE", "100000000"),
        ("APP_FEATURES_REGISTER_PER_HOUR", "100000"),
        ("APP_FEATURES_CLIENT_ADDRESS_HEADER", "x-forwarded-for"),
        ("APP_FEATURES_TRUSTED_PROXIES", "127.0.0.1"),
    ];
    support::start_server(db_url, port, keys, &settings)
}

async fn ready(base: &str) {
    for _ in 0..300 {
        if reqwest::get(format!("{base}/readyz")).await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not get ready");
}

async fn session(base: &str, username: &str, password: &str) -> String {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let body = format!("username={}&password={}", form(username), form(password));
    // Each sign-in from its own address, as the users would be (the limit per address is not measured).
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let res = client
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", format!("10.250.{}.{}", n / 256, n % 256))
        .body(body)
        .send()
        .await
        .unwrap();
    res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_string)).find(|c| c.starts_with("yj_session=")).expect("a session")
}

#[tokio::main]
async fn main() {
    let pool = support::fresh_database("yunju_load", 8).await;
    let db_url = format!("{}/yunju_load", std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55432/postgres".into()).rsplit_once('/').unwrap().0);
    // Issued cards to check, and the keys folder the server will read (its secret signs API keys).
    let csv = support::cases_at_the_bank(&pool, CARDS).await;
    let bank = support::user(&pool, "bank").await;
    let (text, _) = app::cards::export::decode(csv.as_bytes());
    app::cards::db::import(&pool, &bank, app::cards::ImportReport::default(), "", app::domain::bank_file::read(&text), false).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM applications WHERE status = 'card_made'").fetch_all(&pool).await.unwrap();
    app::cards::db::issue(&pool, &support::user(&pool, "talent_office").await, &ids, chrono::Utc::now().date_naive()).await.unwrap();
    let cards: Arc<Vec<(String, String)>> = Arc::new(
        sqlx::query_as("SELECT c.card_number, a.id_number FROM cards c JOIN applications a ON a.id = c.application_id WHERE c.issued_on IS NOT NULL").fetch_all(&pool).await.unwrap(),
    );
    let keys = tempdir("keys");
    let secret = app::secrets::random_bytes(32);
    std::fs::write(keys.join("secret.key"), &secret).unwrap();
    let (admin, hospital) = (support::user(&pool, "admin").await, support::user(&pool, "hospital").await);
    let key_id = app::api_v1::db::create(&pool, &secret, &admin, hospital.id, "load", &["verify".into()]).await.unwrap();
    let key = app::api_v1::db::reveal(&pool, &secret, &admin, key_id).await.unwrap().unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let log_path = std::env::var("PG_LOG").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../.local/pgsock/pg.log").into());

    // Autovacuum's runs on this database's tables are logged, to be told beside the rows they
    // ran during (`meanwhile`).
    let tables: Vec<String> = sqlx::query_scalar("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'").fetch_all(&pool).await.unwrap();
    for table in tables {
        sqlx::query(sqlx::AssertSqlSafe(format!("ALTER TABLE {table} SET (log_autovacuum_min_duration = 0)"))).execute(&pool).await.unwrap();
    }

    // The statements of one API check and one page check, from PostgreSQL's log.
    sqlx::query("ALTER DATABASE yunju_load SET log_statement = 'all'").execute(&pool).await.unwrap();
    let scripts = {
        let _server = start(&db_url, port, &keys);
        ready(&base).await;
        let hospital_session = session(&base, "hospital", server::seed::DEMO_PASSWORD).await;
        let (card, id_number) = cards[0].clone();
        let client = reqwest::Client::new();
        let mut scripts = Vec::new();
        for (name, req) in [
            (
                "api",
                client
                    .post(format!("{base}/api/v1/verify"))
                    .bearer_auth(&key)
                    .header("x-forwarded-for", "10.99.99.99")
                    .header("content-type", "application/json")
                    .body(serde_json::json!({"card_number": card, "id_number": id_number}).to_string()),
            ),
            (
                "page",
                client
                    .post(format!("{base}/api/verify_card"))
                    .header("cookie", &hospital_session)
                    .header("accept", "application/json")
                    .header("x-forwarded-for", "10.99.99.99")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(format!("card_number={card}&id_number={id_number}")),
            ),
        ] {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let from = log_length(&log_path);
            let status = req.send().await.unwrap().status();
            assert!(status.is_success(), "{name}: {status}");
            tokio::time::sleep(Duration::from_millis(300)).await;
            let log = std::fs::read(&log_path).expect("PostgreSQL's log (PG_LOG)");
            let script = pgbench_script(&String::from_utf8_lossy(&log[from as usize..]), "10.99.99.99");
            let path = keys.join(format!("{name}.sql"));
            std::fs::write(&path, &script).unwrap();
            scripts.push((name, path, script.lines().count() - 1));
        }
        scripts
    };
    sqlx::query("ALTER DATABASE yunju_load RESET log_statement").execute(&pool).await.unwrap();

    let server = start(&db_url, port, &keys);
    ready(&base).await;
    let pid = server.0.id();
    let hospital_session = session(&base, "hospital", server::seed::DEMO_PASSWORD).await;
    let bearer = format!("Bearer {key}");
    let metrics = reqwest::get(format!("{base}/metrics")).await.unwrap().text().await.unwrap();
    let pool_size = |pool: &str| metrics.lines().find_map(|l| l.strip_prefix(&format!("yunju_db_pool_max_connections{{pool=\"{pool}\"}} ")).map(str::to_string)).unwrap_or_default();
    println!("provider verification: the release server over HTTP (kept-alive), and pgbench running the same statements (the ceiling), {SECONDS} s per row");
    println!("the server's pools: {} connections for the checks, {} for everything else (/metrics)", pool_size("checks"), pool_size("main"));
    println!("{:<6} {:>7} {:>9} {:>8} {:>8}   {:>9} {:>8} {:>8}   {:>7}   {}", "check", "clients", "req/s", "p50 ms", "p99 ms", "pgbench/s", "p50 ms", "p99 ms", "÷ ceil.", "meanwhile in PostgreSQL");
    let mut run = 0;
    for (name, script, statements) in &scripts {
        for clients in [1usize, 16, 64] {
            run += 1;
            let (path, headers, bodies): (_, Vec<(&str, &str)>, Vec<String>) = if *name == "api" {
                let bodies = cards.iter().map(|(card, id_number)| serde_json::json!({"card_number": card, "id_number": id_number}).to_string()).collect();
                ("/api/v1/verify", vec![("authorization", &bearer), ("content-type", "application/json")], bodies)
            } else {
                let bodies = cards.iter().map(|(card, id_number)| format!("card_number={card}&id_number={id_number}")).collect();
                ("/api/verify_card", vec![("cookie", &hospital_session), ("accept", "application/json"), ("content-type", "application/x-www-form-urlencoded")], bodies)
            };
            let from = log_length(&log_path);
            let (rps, p50, p99) = wrk(&base, path, &headers, &bodies, clients, run);
            let server_meanwhile = meanwhile(&log_path, from);
            let from = log_length(&log_path);
            let (tps, c50, c99) = pgbench(&db_url, script, clients);
            let pgbench_meanwhile = meanwhile(&log_path, from);
            let told = [("server", server_meanwhile), ("pgbench", pgbench_meanwhile)].into_iter().filter(|(_, m)| !m.is_empty()).map(|(w, m)| format!("{w}: {m}")).collect::<Vec<_>>().join("; ");
            println!("{name:<6} {clients:>7} {rps:>9.0} {p50:>8.2} {p99:>8.2}   {tps:>9.0} {c50:>8.2} {c99:>8.2}   {:>6.0} %   {told}", 100.0 * rps / tps);
        }
        println!("       ({statements} statements per {name} check, from the log)");
    }

    // 64 applicants saving their residence section, and 64 officials loading their queue.
    let mut applicants = Vec::new();
    for n in 0..64 {
        let client = reqwest::Client::new();
        let username = format!("load.applicant.{n}");
        let body = format!("username={username}&display_name={}&password={}", form("负载测试"), form("load test password"));
        client.post(format!("{base}/api/register")).header("accept", "application/json").header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
        let cookie = session(&base, &username, "load test password").await;
        client.post(format!("{base}/api/create_application")).header("cookie", &cookie).header("accept", "application/json").send().await.unwrap();
        let id: i64 = sqlx::query_scalar("SELECT a.id FROM applications a JOIN users u ON u.id = a.applicant_id WHERE u.username = $1").bind(&username).fetch_one(&pool).await.unwrap();
        applicants.push((cookie, id));
    }
    let applicants = Arc::new(applicants);
    let before = rss_kib(pid);
    let (rps, p50, p99) = {
        let (applicants, base) = (applicants.clone(), base.clone());
        load(
            64,
            Arc::new(move |i| {
                let (cookie, id) = &applicants[i % applicants.len()];
                Call {
                    url: format!("{base}/api/save_residence"),
                    headers: vec![("cookie".into(), cookie.clone()), ("accept".into(), "application/json".into()), ("content-type".into(), "application/x-www-form-urlencoded".into())],
                    body: format!("id={id}&months_in_district={}", 6 + i % 7),
                }
            }),
        )
        .await
    };
    let during = rss_kib(pid);
    println!("64 applicants saving a section: {rps:.0} saves/s, p50 {p50:.2} ms, p99 {p99:.2} ms (goal p99 < 100 ms)");
    let mut officials = Vec::new();
    for _ in 0..64 {
        officials.push(session(&base, "handling", server::seed::DEMO_PASSWORD).await);
    }
    let officials = Arc::new(officials);
    let connections = tokio::spawn({
        let pool = pool.clone();
        async move {
            tokio::time::sleep(Duration::from_secs(SECONDS / 2)).await;
            sqlx::query_scalar::<_, i64>("SELECT count(*) FROM pg_stat_activity WHERE datname = 'yunju_load'").fetch_one(&pool).await.unwrap()
        }
    });
    let (rps, p50, p99) = {
        let (officials, base) = (officials.clone(), base.clone());
        load(64, Arc::new(move |i| Call { url: format!("{base}/review"), headers: vec![("cookie".into(), officials[i % officials.len()].clone())], body: String::new() })).await
    };
    let after = rss_kib(pid);
    let connections = connections.await.unwrap();
    println!("64 officials loading their queue (GET /review): {rps:.0} pages/s, p50 {p50:.2} ms, p99 {p99:.2} ms (goal p99 < 100 ms)");
    println!("server memory (RSS): {} MiB at rest, {} MiB saving, {} MiB after the queue; database connections during the queue load: {connections} (at most the main pool's {}, the checks' pool's {} still open from the rows above, and this bench's 8)", before / 1024, during / 1024, after / 1024, pool_size("main"), pool_size("checks"));
}
