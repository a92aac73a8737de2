//! The reviewers' queue at 10,000 and at 1,000,000 applications (issue 4 goal: p95 at 1 M ≤ 1.3 ×
//! p95 at 10 k): the handling department's queue page rendered through the real router, first
//! page, a deep page (keyset cursor) and a category filter. `./scripts/bench.sh`, or
//! `cargo bench -p server --bench queue`.
#[path = "../tests/it/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;
use sqlx::{Executor, PgPool};

const RUNS: usize = 200;

async fn grow_to(pool: &PgPool, total: i64) {
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM applications").fetch_one(pool).await.unwrap();
    // Spread over every stage, like a live system: one case in six waits for pre-review, one in
    // six was returned by it and waits for the applicant.
    sqlx::query(
        "INSERT INTO applications (applicant_id, filed_by, status, returned_from, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at, updated_at, department_code)
         SELECT u.id, u.id, (ARRAY['pre_review','first_review','re_review','decision','issued','returned'])[1 + n % 6]::application_status,
                CASE WHEN n % 6 = 5 THEN 'pre_review'::application_status END,
                '候选人' || n, 'passport', 'E' || lpad(n::text, 9, '0'), '广州白云测试公司', '91440111MA59DE7W0X',
                'district_enterprise', 12, 1 + n % 9, now(), now() - make_interval(secs => n), 'kgxj'
           FROM users u, generate_series($1 + 1, $2) n WHERE u.username = 'applicant'",
    )
    .bind(have)
    .bind(total)
    .execute(pool)
    .await
    .unwrap();
    pool.execute("ANALYZE applications").await.unwrap();
}

async fn measure(actor: &common::Actor, path: &str) -> (f64, f64) {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    for i in 0..RUNS + 20 {
        let start = Instant::now();
        let (status, body) = actor.get(path).await;
        if i >= 20 {
            times.push(start.elapsed());
        }
        assert_eq!(status, 200, "{path}: {body}");
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(times[RUNS / 2]), ms(times[RUNS * 95 / 100]))
}

/// A database of its own with `total` applications, vacuumed and analysed; the handling dept
/// signed in; the pages to measure (first, a deep keyset page, a category filter).
async fn seeded(admin: &PgPool, base: &str, total: i64) -> (common::TestApp, common::Actor, Vec<(&'static str, String)>) {
    let name = format!("yunju_bench_queue_{total}");
    admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await.unwrap();
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
    let pool = PgPoolOptions::new().max_connections(8).connect(&format!("{base}/{name}")).await.unwrap();
    server::MIGRATOR.run(&pool).await.unwrap();
    let app = common::TestApp::new(pool.clone()).await;
    let start = Instant::now();
    grow_to(&pool, total).await;
    pool.execute("VACUUM ANALYZE applications").await.unwrap();
    eprintln!("seeded {total} applications in {:.1} s", start.elapsed().as_secs_f64());
    // A cursor half-way down the pre-review queue.
    let (ts, id): (chrono::DateTime<chrono::Utc>, i64) =
        sqlx::query_as("SELECT updated_at, id FROM applications WHERE status = 'pre_review' ORDER BY updated_at, id OFFSET $1 LIMIT 1")
            .bind(total / 10)
            .fetch_one(&pool)
            .await
            .unwrap();
    let pages = vec![
        ("first page", "/review".to_string()),
        ("deep page (keyset)", format!("/review?after={}_{id}", ts.timestamp_micros())),
        ("category 3", "/review?category=3".to_string()),
        ("returned by pre-review", "/review?stage=returned".to_string()),
    ];
    let handling = app.as_user("handling").await;
    (app, handling, pages)
}

/// Both sizes are seeded first, then measured in alternating rounds, so a burst of noise on this
/// shared machine (a checkpoint, another build) hits both alike; each figure is the median of the
/// rounds' p50 and p95.
const ROUNDS: usize = 3;

#[tokio::main]
async fn main() {
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55432/postgres".into());
    let admin = PgPoolOptions::new().max_connections(1).connect(&admin_url).await.expect("connect to DATABASE_URL");
    let (base, _) = admin_url.rsplit_once('/').expect("DATABASE_URL has no database name");
    let sizes = [10_000_i64, 1_000_000];
    let mut setups = vec![];
    for total in sizes {
        setups.push(seeded(&admin, base, total).await);
    }
    // rounds[size][page] = the (p50, p95) of each round
    let mut rounds = vec![vec![vec![]; 4]; sizes.len()];
    for _ in 0..ROUNDS {
        for (s, (_, handling, pages)) in setups.iter().enumerate() {
            for (p, (_, path)) in pages.iter().enumerate() {
                rounds[s][p].push(measure(handling, path).await);
            }
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("handling department's queue page, {RUNS} renders × {ROUNDS} alternating rounds (in process, release build; median of rounds)");
    println!("{:>10}  {:<34} {:>9} {:>9}", "rows", "page", "p50 ms", "p95 ms");
    let mut worst = vec![0.0_f64; sizes.len()];
    for (s, total) in sizes.iter().enumerate() {
        for (p, (label, _)) in setups[s].2.iter().enumerate() {
            let p50 = median(rounds[s][p].iter().map(|r| r.0).collect());
            let p95 = median(rounds[s][p].iter().map(|r| r.1).collect());
            worst[s] = worst[s].max(p95);
            println!("{total:>10}  {label:<34} {p50:>9.2} {p95:>9.2}");
        }
    }
    println!("worst p95 at 1 M / worst p95 at 10 k = {:.2} (goal ≤ 1.3)", worst[1] / worst[0]);
    drop(setups);
    for total in sizes {
        admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS yunju_bench_queue_{total} WITH (FORCE)"))).await.ok();
    }
}
