//! API keys (server only): made from the server's secret and a random salt, kept as SHA-256,
//! shown once, revoked by the admin; and who a presented key is.
use sqlx::{PgConnection, PgPool};

use super::{ApiKeyView, KeyAccount};
use crate::auth::CurrentUser;
use crate::domain::Role;
use crate::error::AppError;
use crate::secrets::{hmac_sha256, random_bytes, sha256};

/// How long after creating a key the admin may still see it (once).
pub const REVEAL_MINUTES: i64 = 10;

/// The key of salt `salt`: `yjk_` and 40 hex characters (160 bits).
pub fn derive_key(secret: &[u8], salt: &[u8]) -> String {
    let mac = hmac_sha256(secret, &[b"yunju api key\n".as_slice(), salt].concat());
    format!("yjk_{}", &hex::encode(mac)[..40])
}

/// The scopes an account of `role` may hold.
pub fn allowed_scopes(role: Role) -> &'static [&'static str] {
    match role {
        Role::Bank => &["bank_orders"],
        Role::Provider => &["verify", "status_feed"],
        _ => &[],
    }
}

/// Creates a key for account `account` with `scopes`; returns its id (the key is shown by `reveal`).
pub async fn create(db: &PgPool, secret: &[u8], admin: &CurrentUser, account: i64, name: &str, scopes: &[String]) -> Result<i64, AppError> {
    let role: Option<String> = sqlx::query_scalar("SELECT role::text FROM users WHERE id = $1").bind(account).fetch_optional(db).await?;
    let role = role.as_deref().and_then(Role::parse).ok_or(AppError::invalid(crate::domain::Field::ProviderOrg, crate::domain::Problem::UnknownChoice))?;
    let allowed = allowed_scopes(role);
    if scopes.is_empty() || scopes.iter().any(|s| !allowed.contains(&s.as_str())) {
        return Err(AppError::invalid(crate::domain::Field::Role, crate::domain::Problem::UnknownChoice));
    }
    let salt = random_bytes(16);
    let key = derive_key(secret, &salt);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_keys (user_id, name, scopes, salt, key_hash, prefix, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(account)
    .bind(name)
    .bind(scopes)
    .bind(&salt)
    .bind(sha256(key.as_bytes()))
    .bind(&key[..12])
    .bind(admin.id)
    .fetch_one(db)
    .await?;
    tracing::info!(api_key.id = id, account, "API key created");
    Ok(id)
}

/// The key `id`, to the admin who created it, once, within `REVEAL_MINUTES` of creating it.
pub async fn reveal(db: &PgPool, secret: &[u8], admin: &CurrentUser, id: i64) -> Result<Option<String>, AppError> {
    let salt: Option<Vec<u8>> = sqlx::query_scalar(
        "UPDATE api_keys SET revealed_at = now()
          WHERE id = $1 AND created_by = $2 AND revealed_at IS NULL AND revoked_at IS NULL
            AND created_at > now() - make_interval(mins => $3::int)
          RETURNING salt",
    )
    .bind(id)
    .bind(admin.id)
    .bind(REVEAL_MINUTES as i32)
    .fetch_optional(db)
    .await?;
    Ok(salt.map(|salt| derive_key(secret, &salt)))
}

pub async fn revoke(db: &PgPool, id: i64) -> Result<(), AppError> {
    let done = sqlx::query("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL").bind(id).execute(db).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    tracing::info!(api_key.id = id, "API key revoked");
    Ok(())
}

pub async fn list(db: &PgPool) -> Result<Vec<ApiKeyView>, AppError> {
    let rows: Vec<(i64, String, String, Vec<String>, String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT k.id, k.name, u.display_name || ' (' || u.username || ')', k.scopes, k.prefix,
                to_char(k.created_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                to_char(k.last_used_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI'),
                to_char(k.revoked_at AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD HH24:MI')
           FROM api_keys k JOIN users u ON u.id = k.user_id ORDER BY k.id DESC",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, account, scopes, prefix, created_at, last_used_at, revoked_at)| ApiKeyView {
            id,
            name,
            account,
            scopes,
            prefix,
            created_at,
            last_used_at,
            revoked_at,
        })
        .collect())
}

/// The bank and provider accounts, for the "create a key" form.
pub async fn accounts(db: &PgPool) -> Result<Vec<KeyAccount>, AppError> {
    let rows: Vec<(i64, String, bool)> = sqlx::query_as(
        "SELECT u.id, u.display_name || ' (' || u.username || ')' || COALESCE(' · ' || o.name_zh, ''), u.role = 'bank'
           FROM users u LEFT JOIN provider_orgs o ON o.id = u.provider_org_id
          WHERE u.role IN ('bank', 'provider') ORDER BY u.role, u.username",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id, label, bank)| KeyAccount { id, label, bank }).collect())
}

/// Who presents `key`: its account and scopes; None for an unknown or revoked key.
pub async fn caller(db: &mut PgConnection, key: &str) -> Result<Option<(i64, CurrentUser, Vec<String>)>, AppError> {
    crate::auth::session::user_for_api_key(db, &sha256(key.as_bytes())).await
}
