//! A unit's queue of requests at 10,000 and at 100,000 requests in the table (issue 19 goal: p95
//! at 100 k ≤ 1.3 × p95 at 10 k): the education bureau's queue page and its queue of one kind,
//! and HRSS's list of unrouted requests, rendered through the real router. Most requests are
//! done, one in ten is open, spread over seven units. `./scripts/bench.sh`, or
//! `cargo bench -p server --bench requests`.
#[path = "../tests/it/common/mod.rs"]
mod common;
mod support;

use std::time::Instant;

use sqlx::postgres::PgPoolOptions;
use sqlx::{Executor, PgPool};

const RUNS: usize = 200;
const ROUNDS: usize = 3;
/// Requests per card (two of them open, of different kinds: one open request per kind and person).
const PER_CARD: i64 = 20;

async fn grow_to(pool: &PgPool, total: i64) {
    let cards = total / PER_CARD;
    // Holders with issued cards (the applications' columns as a decided case has them).
    pool.execute(sqlx::AssertSqlSafe(format!(
        "INSERT INTO applications (applicant_id, filed_by, status, full_name, id_type, id_number, employer_name, credit_code,
                                   employer_type, months_in_district, talent_category, submitted_at, department_code, answers)
         SELECT u.id, u.id, 'issued', '持卡人' || n, 'passport', 'E' || lpad(n::text, 9, '0'), '广州白云测试公司', '91440111MA59DE7W0X',
                'district_enterprise', 12, 5, now(), 'kgxj', '{{\"personal\": {{\"full_name\": \"持卡人\", \"phone\": \"13800138000\"}}}}'::jsonb
           FROM users u, generate_series(1, {cards}) n WHERE u.username = 'applicant'"
    )))
    .await
    .unwrap();
    pool.execute(
        "INSERT INTO cards (application_id, card_number, issued_on, valid_until, talent_status, bank_status)
         SELECT id, 'B' || id, CURRENT_DATE - 100, CURRENT_DATE + 1000, 'active', 'active' FROM applications WHERE status = 'issued'",
    )
    .await
    .unwrap();
    // Per card: 18 done, 2 open (submitted and accepted), the kinds and units in turn.
    pool.execute(sqlx::AssertSqlSafe(format!(
        "INSERT INTO service_requests (card_id, holder_id, request_type, department_code, status, accept_by, done_by, outcome, created_at)
         SELECT c.id, a.applicant_id, t.kind, t.unit,
                CASE WHEN k = 0 THEN 'submitted' WHEN k = 1 THEN 'accepted' ELSE 'done' END,
                CURRENT_DATE - 30 + ((c.id + k) % 40)::int, CASE WHEN k > 0 THEN CURRENT_DATE - 20 + ((c.id + k) % 40)::int END,
                CASE WHEN k > 1 THEN 'granted' END, now() - make_interval(days => k)
           FROM cards c JOIN applications a ON a.id = c.application_id
          CROSS JOIN generate_series(0, {last}) k
          CROSS JOIN LATERAL (SELECT (ARRAY['hukou','school_place','company_registration','legal','apartment','seminar_room','problem'])[1 + (c.id + k) % 7] AS kind,
                                     (ARRAY['gaj','jyj','scjgj','sfj','zjj','whg','rck'])[1 + (c.id + k) % 7] AS unit) t",
        last = PER_CARD - 1
    )))
    .await
    .unwrap();
    pool.execute("VACUUM ANALYZE applications, cards, service_requests").await.unwrap();
}

async fn measure(actor: &common::Actor, path: &str) -> (f64, f64) {
    support::percentiles(RUNS, || async {
        let (status, body) = actor.get(path).await;
        assert_eq!(status, 200, "{path}: {body}");
    })
    .await
}

type Page = (&'static str, usize, &'static str);
const PAGES: [Page; 3] = [
    ("education bureau: its queue", 0, "/requests"),
    ("education bureau: school places", 0, "/requests?type=school_place"),
    ("HRSS: unrouted requests", 1, "/requests"),
];

async fn seeded(admin: &PgPool, base: &str, total: i64) -> (common::TestApp, Vec<common::Actor>) {
    let name = format!("yunju_bench_requests_{total}");
    admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await.unwrap();
    admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.unwrap();
    let pool = PgPoolOptions::new().max_connections(8).connect(&format!("{base}/{name}")).await.unwrap();
    server::MIGRATOR.run(&pool).await.unwrap();
    let app = common::TestApp::new(pool.clone()).await;
    let start = Instant::now();
    grow_to(&pool, total).await;
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM service_requests WHERE department_code = 'jyj' AND status IN ('submitted', 'accepted')")
        .fetch_one(&pool)
        .await
        .unwrap();
    eprintln!("seeded {total} requests ({open} open at the education bureau) in {:.1} s", start.elapsed().as_secs_f64());
    let actors = vec![app.as_user("industry_jyj").await, app.as_user("hrss").await];
    (app, actors)
}

#[tokio::main]
async fn main() {
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55432/postgres".into());
    let admin = PgPoolOptions::new().max_connections(1).connect(&admin_url).await.expect("connect to DATABASE_URL");
    let (base, _) = admin_url.rsplit_once('/').expect("DATABASE_URL has no database name");
    let sizes = [10_000_i64, 100_000];
    let mut setups = vec![];
    for total in sizes {
        setups.push(seeded(&admin, base, total).await);
    }
    let mut rounds = vec![vec![vec![]; PAGES.len()]; sizes.len()];
    for _ in 0..ROUNDS {
        for (s, (_, actors)) in setups.iter().enumerate() {
            for (p, (_, who, path)) in PAGES.iter().enumerate() {
                rounds[s][p].push(measure(&actors[*who], path).await);
            }
        }
    }
    let median = support::median;
    println!("a unit's queue of requests, {RUNS} renders × {ROUNDS} alternating rounds (in process, release build; median of rounds)");
    println!("{:<36} {:>11} {:>11} {:>11} {:>11} {:>7}", "page", "10k p50", "10k p95", "100k p50", "100k p95", "ratio");
    let mut worst: f64 = 0.0;
    for (p, (label, _, _)) in PAGES.iter().enumerate() {
        let figure = |s: usize| (median(rounds[s][p].iter().map(|r| r.0).collect()), median(rounds[s][p].iter().map(|r| r.1).collect()));
        let ((small50, small95), (big50, big95)) = (figure(0), figure(1));
        let ratio = big95 / small95;
        worst = worst.max(ratio);
        println!("{label:<36} {small50:>11.2} {small95:>11.2} {big50:>11.2} {big95:>11.2} {ratio:>7.2}");
    }
    println!("worst ratio of a page's p95 at 100 k to its p95 at 10 k = {worst:.2} (goal ≤ 1.3 for every page)");
    drop(setups);
    if std::env::var_os("KEEP_BENCH_DATABASES").is_some() {
        return;
    }
    for total in sizes {
        admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS yunju_bench_requests_{total} WITH (FORCE)"))).await.ok();
    }
}
