//! The reviewers' queues at 10,000 and at 1,000,000 applications (issue 4 goal: p95 at 1 M ≤ 1.3 ×
//! p95 at 10 k, for every page: issue 18 item 8): rendered through the real router — the handling
//! department's first page, a deep page (keyset cursor), a category filter, the returned cases, a
//! search by name and by reference; an industry department's queue (only the cases routed to it);
//! HRSS's queue. `./scripts/bench.sh`, or `cargo bench -p server --bench queue`.
#[path = "../tests/it/common/mod.rs"]
mod common;
mod support;

use std::time::Instant;

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
                'district_enterprise', 12, 1 + n % 9, now(), now() - make_interval(secs => n),
                (ARRAY['kgxj','jyj','wjj'])[1 + (n / 6) % 3]
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
    support::percentiles(RUNS, || async {
        let (status, body) = actor.get(path).await;
        assert_eq!(status, 200, "{path}: {body}");
    })
    .await
}

/// A page to time: its label, who looks (an index into the actors), its path.
type Page = (&'static str, usize, String);

/// A database of its own with `total` applications, vacuumed and analysed; the reviewers signed
/// in (handling dept, an industry dept, HRSS); the pages to measure.
async fn seeded(admin: &PgPool, base: &str, total: i64) -> (common::TestApp, Vec<common::Actor>, Vec<Page>) {
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
    // A cursor half-way down the pre-review queue; a case in it to find by reference.
    let (ts, id): (chrono::DateTime<chrono::Utc>, i64) =
        sqlx::query_as("SELECT updated_at, id FROM applications WHERE status = 'pre_review' ORDER BY updated_at, id OFFSET $1 LIMIT 1")
            .bind(total / 10)
            .fetch_one(&pool)
            .await
            .unwrap();
    let year: i32 = sqlx::query_scalar("SELECT year FROM application_summaries WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
    let pages = vec![
        ("handling: first page", 0, "/review".to_string()),
        ("handling: deep page (keyset)", 0, format!("/review?after={}_{id}", ts.timestamp_micros())),
        ("handling: category 3", 0, "/review?category=3".to_string()),
        ("handling: returned by pre-review", 0, "/review?stage=returned".to_string()),
        // A name prefix a hundredth of the cases share, and one person's whole name (what an
        // official types). The index on the name (migration ..._queue_name_search) serves the
        // second; for the first the planner still walks the stage in queue order.
        ("handling: search by name prefix", 0, format!("/review?q={}", common::encode_query("候选人12"))),
        ("handling: search by a whole name", 0, format!("/review?q={}", common::encode_query("候选人6000"))),
        ("handling: search by reference", 0, format!("/review?q={}", app::domain::reference(year, id))),
        ("industry dept (kgxj): its cases", 1, "/review".to_string()),
        ("HRSS: re-review", 2, "/review".to_string()),
    ];
    let actors = vec![app.as_user("handling").await, app.as_user("industry_kgxj").await, app.as_user("hrss").await];
    (app, actors, pages)
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
    let pages = setups[0].2.len();
    let mut rounds = vec![vec![vec![]; pages]; sizes.len()];
    for _ in 0..ROUNDS {
        for (s, (_, actors, pages)) in setups.iter().enumerate() {
            for (p, (_, who, path)) in pages.iter().enumerate() {
                rounds[s][p].push(measure(&actors[*who], path).await);
            }
        }
    }
    let median = support::median;
    println!("reviewers' queue pages, {RUNS} renders × {ROUNDS} alternating rounds (in process, release build; median of rounds)");
    println!("{:<36} {:>11} {:>11} {:>11} {:>11} {:>7}", "page", "10k p50", "10k p95", "1M p50", "1M p95", "ratio");
    let mut worst: f64 = 0.0;
    for (p, (label, _, _)) in setups[0].2.iter().enumerate() {
        let figure = |s: usize| (median(rounds[s][p].iter().map(|r| r.0).collect()), median(rounds[s][p].iter().map(|r| r.1).collect()));
        let ((small50, small95), (big50, big95)) = (figure(0), figure(1));
        let ratio = big95 / small95;
        worst = worst.max(ratio);
        println!("{label:<36} {small50:>11.2} {small95:>11.2} {big50:>11.2} {big95:>11.2} {ratio:>7.2}");
    }
    println!("worst ratio of a page's p95 at 1 M to its p95 at 10 k = {worst:.2} (goal ≤ 1.3 for every page)");
    drop(setups);
    for total in sizes {
        admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS yunju_bench_queue_{total} WITH (FORCE)"))).await.ok();
    }
}
