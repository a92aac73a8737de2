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
