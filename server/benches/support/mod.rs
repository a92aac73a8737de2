//! What the benches share: a fresh database of their own on `DATABASE_URL`'s server, migrated and
//! seeded with the demo accounts.
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
