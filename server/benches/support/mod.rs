//! What the benches share: a fresh database of their own on `DATABASE_URL`'s server, migrated and
//! seeded with the demo accounts; the percentiles of a page's render times.
#![allow(dead_code)] // each bench uses some of it
use sqlx::postgres::PgPoolOptions;
use sqlx::{Executor, PgPool};

/// Drops and creates database `name` next to `DATABASE_URL`'s, migrates it and seeds the demo
/// accounts; a pool of `connections` on it.
pub async fn fresh_database(name: &str, connections: u32) -> PgPool {
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55432/postgres".into());
    let admin = PgPoolOptions::new().max_connections(1).connect(&admin_url).await.expect("connect to DATABASE_URL");
    admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await.unwrap();
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
    let (base, _) = admin_url.rsplit_once('/').expect("DATABASE_URL has no database name");
    let pool = PgPoolOptions::new().max_connections(connections).connect(&format!("{base}/{name}")).await.unwrap();
    server::MIGRATOR.run(&pool).await.unwrap();
    server::seed::demo_accounts(&pool).await.unwrap();
    pool
}

/// p50 and p95, in milliseconds, of `runs` calls of `page` after 20 to warm up.
pub async fn percentiles<F, Fut>(runs: usize, mut page: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times: Vec<std::time::Duration> = Vec::with_capacity(runs);
    for i in 0..runs + 20 {
        let start = std::time::Instant::now();
        page().await;
        if i >= 20 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    (ms(times[runs / 2]), ms(times[runs * 95 / 100]))
}

/// The median of some figures (the middle one of an odd count).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A card number with its check digit.
pub fn card_number(n: i64) -> String {
    let body = format!("622202{n:09}");
    format!("{body}{}", app::domain::CardNumber::check_digit(&body))
}

/// `n` submitted cases in `status`, each its own talent (`bench.talent.N`, routed to 区科工信局)
/// with a contact e-mail, so that each transition also writes its inbox row and queues its mail.
pub async fn cases_in(pool: &PgPool, status: &str, n: i64) {
    sqlx::query(
        "INSERT INTO users (username, password_hash, role, display_name)
         SELECT 'bench.talent.' || n, 'not a hash', 'applicant', '人才' || n FROM generate_series(1, $1) n",
    )
    .bind(n)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO applications (applicant_id, filed_by, status, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at, department_code, answers)
         SELECT u.id, u.id, $2::application_status, '候选人' || n, 'passport', 'E' || lpad(n::text, 8, '0'), '广州白云测试公司', '91440111MA59DE7W0X',
                'district_enterprise', 12, 1 + n % 9, now(), 'kgxj',
                jsonb_build_object('personal', jsonb_build_object('email', 'talent' || n || '@example.cn'))
           FROM generate_series(1, $1) n JOIN users u ON u.username = 'bench.talent.' || n",
    )
    .bind(n)
    .bind(status)
    .execute(pool)
    .await
    .unwrap();
}

/// `n` approved cases, each its own talent with a contact e-mail, sent to the bank on one order
/// batch; returns the bank's result file for them: 99 in 100 made, the rest refused.
pub async fn cases_at_the_bank(pool: &PgPool, n: i64) -> String {
    cases_in(pool, "card_production", n).await;
    let hrss: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'hrss'").fetch_one(pool).await.unwrap();
    let batch: i64 = sqlx::query_scalar("INSERT INTO card_order_batches (sent_by) VALUES ($1) RETURNING id").bind(hrss).fetch_one(pool).await.unwrap();
    sqlx::query("INSERT INTO card_order_lines (batch_id, application_id) SELECT $1, id FROM applications WHERE status = 'card_production' ORDER BY id")
        .bind(batch)
        .execute(pool)
        .await
        .unwrap();
    let lines: Vec<(i64, String)> = sqlx::query_as("SELECT l.id, a.id_number FROM card_order_lines l JOIN applications a ON a.id = l.application_id ORDER BY l.id")
        .fetch_all(pool)
        .await
        .unwrap();
    // The bank's file: 99 in 100 made, the rest refused.
    let mut csv = String::from("\u{feff}order_line_id,id_number,card_number,refusal_reason\r\n");
    for (i, (line, id_number)) in lines.iter().enumerate() {
        if i % 100 == 99 {
            csv.push_str(&format!("{line},{id_number},,照片不符合制卡要求\r\n"));
        } else {
            csv.push_str(&format!("{line},{id_number},{},\r\n", card_number(i as i64)));
        }
    }
    csv
}

/// A demo account as the app sees it.
pub async fn user(pool: &PgPool, username: &str) -> app::auth::CurrentUser {
    app::auth::session::user_by_id(pool, sqlx::query_scalar("SELECT id FROM users WHERE username = $1").bind(username).fetch_one(pool).await.unwrap())
        .await
        .unwrap()
        .unwrap()
}

/// A process of the built server binary (`CARGO_BIN_EXE_server`), stopped when dropped.
pub struct Running(pub std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The built server on `port`, on `db_url`, with its keys and uploads under `keys`, no
/// `Leptos.toml`, and these settings besides (`APP_*` variables).
pub fn start_server(db_url: &str, port: u16, keys: &std::path::Path, settings: &[(&str, &str)]) -> Running {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .env("APP_CONFIG", "/nonexistent/Leptos.toml")
        .env("APP_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("APP_DATABASE_URL", db_url)
        .env("APP_STORAGE_UPLOADS_DIR", keys.join("uploads"))
        .env("APP_KEYS_DIR", keys)
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null());
    for (name, value) in settings {
        command.env(name, value);
    }
    Running(command.spawn().expect("the server binary"))
}
