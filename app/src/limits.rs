//! Rate limits (server only; docs/SECURITY.md). Each limit is a key (what is counted: a sign-in
//! name at an address, an address, a provider account …) with at most `max` hits per window. One
//! atomic upsert per request counts the hit and reads the count back, so the cost is the same
//! whatever the load, and 50 requests at once cannot all slip under the limit: PostgreSQL serialises
//! them on the key's row.
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};

use crate::error::AppError;

/// One limit: `max` hits per `window_secs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub name: &'static str,
    pub max: i32,
    pub window_secs: i32,
}

/// Sign-in attempts from one address, whatever the name (password spraying). Generous: a whole
/// office behind one address signs in at nine o'clock.
pub const LOGIN_PER_ADDRESS: Limit = Limit { name: "login-address", max: 100, window_secs: 60 };
/// Wrong passwords for one name from one address: slows the guesser down, while the real official,
/// signing in from another address, is never locked out by them.
pub const WRONG_PASSWORD_PER_NAME_AND_ADDRESS: Limit = Limit { name: "login-failure", max: 10, window_secs: 15 * 60 };
/// New accounts from one address (each costs an argon2 hash), per hour: `features.register_per_hour`.
pub fn register_per_address(per_hour: i32) -> Limit {
    Limit { name: "register-address", max: per_hour, window_secs: 60 * 60 }
}
/// Card checks from one address, whichever provider account (SYSTEM.md: guessing must not work).
pub const VERIFY_PER_ADDRESS: Limit = Limit { name: "verify-address", max: 120, window_secs: 60 };
/// Wrong API keys from one address (`api_v1`): a key is 160 random bits, but a guesser is still
/// slowed down; a right key takes its hit back.
pub const API_KEY_PER_ADDRESS: Limit = Limit { name: "api-key-failure", max: 30, window_secs: 15 * 60 };
/// Live streams opened by one account (`live::stream`): a person's tabs and reconnects.
pub const LIVE_STREAMS_PER_ACCOUNT: Limit = Limit { name: "live-account", max: 30, window_secs: 60 };
/// "Still open" beats of one account (`live::presence`): a page beats three times a minute.
pub const PRESENCE_PER_ACCOUNT: Limit = Limit { name: "presence-account", max: 60, window_secs: 60 };
/// Claim codes made for one case (each one a mail to the application's contact address).
pub const CLAIMS_PER_CASE: Limit = Limit { name: "claim-create", max: 5, window_secs: 24 * 60 * 60 };
/// Claim codes tried by one account (a code is 10 characters of 32: guessing must not work).
pub const CLAIM_PER_ACCOUNT: Limit = Limit { name: "claim-account", max: 10, window_secs: 60 * 60 };

/// Counts one hit of `subject` against `limit`; `RateLimited` once the window holds more than `max`.
pub async fn hit(db: &PgPool, limit: Limit, subject: &str) -> Result<(), AppError> {
    hit_each(&mut *db.acquire().await?, &[(limit, subject)]).await
}

/// Takes back a hit counted before the outcome was known (a right password).
pub async fn undo(db: &PgPool, limit: Limit, subject: &str) -> Result<(), AppError> {
    count(&mut *db.acquire().await?, limit, subject, -1).await?;
    Ok(())
}

/// Counts one hit of each `(limit, subject)` in one statement (a provider's card check counts
/// two: its account and its address); the limits share one window. `RateLimited` if any is over.
pub async fn hit_each(conn: &mut PgConnection, hits: &[(Limit, &str)]) -> Result<(), AppError> {
    let window = hits.first().map_or(60, |(l, _)| l.window_secs);
    assert!(hits.iter().all(|(l, _)| l.window_secs == window), "limits::hit_each counts limits of one window");
    let mut keys: Vec<(Vec<u8>, Limit)> = hits.iter().map(|(l, subject)| (key(*l, subject), *l)).collect();
    // Every statement takes its rows in one order, so two of them never wait for each other.
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let counts = upsert(conn, keys.iter().map(|(k, _)| k.clone()).collect(), 1, window).await?;
    let over: Vec<bool> = keys.iter().zip(&counts).map(|((_, limit), hits)| *hits > limit.max).collect();
    let Some(refused) = keys.iter().zip(&over).find(|(_, over)| **over).map(|((_, limit), _)| limit) else { return Ok(()) };
    tracing::warn!(limit = refused.name, "rate limit reached");
    crate::metrics::count("yunju_rate_limit_refusals_total", &[("limit", refused.name)]);
    // A refused request counts only against the limits it was over: one account over its own
    // limit must not use up the limit of the address it shares with others (a hospital's).
    let back: Vec<Vec<u8>> = keys.iter().zip(&over).filter(|(_, over)| !**over).map(|((k, _), _)| k.clone()).collect();
    if !back.is_empty() {
        upsert(conn, back, -1, window).await?;
    }
    Err(AppError::RateLimited)
}

/// The key of `subject` under `limit`: a hash, so no name or address is stored in clear.
fn key(limit: Limit, subject: &str) -> Vec<u8> {
    Sha256::digest(format!("{}\n{subject}", limit.name).as_bytes()).to_vec()
}

/// Adds `add` hits to the key's current window (a new window once the old one has passed) and
/// returns the hits in it.
async fn count(db: &mut PgConnection, limit: Limit, subject: &str, add: i32) -> Result<i32, AppError> {
    Ok(upsert(db, vec![key(limit, subject)], add, limit.window_secs).await?[0])
}

/// Adds `add` hits to each key's current window of `window_secs`, in the keys' order, and returns
/// the hits in each.
async fn upsert(db: &mut PgConnection, keys: Vec<Vec<u8>>, add: i32, window_secs: i32) -> Result<Vec<i32>, AppError> {
    let rows: Vec<(Vec<u8>, i32)> = sqlx::query_as(
        "INSERT INTO rate_limits AS r (key, window_start, hits) SELECT k, now(), greatest($2, 0) FROM unnest($1::bytea[]) AS t(k)
         ON CONFLICT (key) DO UPDATE
            SET window_start = CASE WHEN r.window_start <= now() - make_interval(secs => $3) THEN now() ELSE r.window_start END,
                hits = CASE WHEN r.window_start <= now() - make_interval(secs => $3) THEN greatest($2, 0) ELSE greatest(r.hits + $2, 0) END
         RETURNING key, hits",
    )
    .bind(&keys)
    .bind(add)
    .bind(window_secs as f64)
    .fetch_all(db)
    .await?;
    Ok(keys.iter().map(|k| rows.iter().find(|(r, _)| r == k).map_or(0, |(_, hits)| *hits)).collect())
}

/// Forgets what is no longer needed (run every few minutes by the server, `server::spawn_cleanup`):
/// windows that began more than a day ago (the longest window is one day), and refused forms'
/// errors older than half an hour.
pub async fn forget_old(db: &PgPool) -> Result<u64, AppError> {
    let limits = sqlx::query("DELETE FROM rate_limits WHERE window_start < now() - interval '25 hours'").execute(db).await?;
    let forms = sqlx::query("DELETE FROM form_errors WHERE created_at < now() - interval '30 minutes'").execute(db).await?;
    let presence = sqlx::query("DELETE FROM case_presence WHERE seen_at < now() - interval '10 minutes'").execute(db).await?;
    Ok(limits.rows_affected() + forms.rows_affected() + presence.rows_affected())
}
