//! Server render time of the applicant's pages (issue 3): each page is rendered through the real
//! router, in process, against a real PostgreSQL database (`DATABASE_URL`, a fresh database per
//! run), signed in as the applicant who owns the case. Prints p50 / p95 / max per page.
//!
//! Run with `./scripts/bench.sh` (which also prints the WASM size), or
//! `cargo bench -p server --bench pages`.
#[path = "../tests/it/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;
use sqlx::Executor;

const WARMUP: usize = 20;
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    let admin_url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:55432/postgres".into());
    let admin = PgPoolOptions::new().max_connections(1).connect(&admin_url).await.expect("connect to DATABASE_URL");
    admin.execute("DROP DATABASE IF EXISTS yunju_bench WITH (FORCE)").await.unwrap();
    admin.execute("CREATE DATABASE yunju_bench").await.unwrap();
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/yunju_bench"),
        None => panic!("DATABASE_URL has no database name"),
    };
    let pool = PgPoolOptions::new().max_connections(8).connect(&url).await.unwrap();
    server::MIGRATOR.run(&pool).await.unwrap();

    let app = common::TestApp::new(pool).await;
    let mut applicant = app.as_new_applicant("bench.applicant").await;
    let id = applicant.new_draft("5").await;
    let pages = [
        "/eligibility?asked=1&employer_type=district_enterprise&registered_and_taxed=yes&operating_over_a_year=yes&months_in_district=12&talent_category=5".to_string(),
        "/applications".to_string(),
        format!("/applications/{id}"),
        format!("/applications/{id}/personal"),
        format!("/applications/{id}/employer"),
        format!("/applications/{id}/category"),
        format!("/applications/{id}/family"),
        format!("/applications/{id}/check"),
    ];
    println!("server render time, {RUNS} renders each after {WARMUP} warm-up (in process, release build)");
    println!("{:<44} {:>9} {:>9} {:>9}", "page", "p50 ms", "p95 ms", "max ms");
    for page in pages {
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        for i in 0..WARMUP + RUNS {
            let start = Instant::now();
            let (status, body) = applicant.get(&page).await;
            let took = start.elapsed();
            assert_eq!(status, 200, "{page}: {body}");
            if i >= WARMUP {
                times.push(took);
            }
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let label: String = page.chars().take(44).collect();
        println!("{label:<44} {:>9.2} {:>9.2} {:>9.2}", ms(times[RUNS / 2]), ms(times[RUNS * 95 / 100]), ms(times[RUNS - 1]));
    }
}
