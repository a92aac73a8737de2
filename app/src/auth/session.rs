//! Passwords (argon2id) and sessions stored in PostgreSQL (server only).
//! A session survives a restart and works across several app instances; the browser holds a
//! random token, the database only its SHA-256.
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use leptos::prelude::use_context;
use sqlx::{PgConnection, PgPool};

use super::CurrentUser;
use crate::context::{pool, request_cookie, set_cookie, settings};
use crate::domain::Role;
use crate::error::AppError;

/// The session cookie's name. Over HTTPS it carries the `__Host-` prefix: the browser then accepts
/// it only from this host, Secure, with `Path=/` and no `Domain`, so a sibling subdomain cannot
/// plant a session of its choosing (docs/SECURITY.md).
pub fn session_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-yj_session"
    } else {
        "yj_session"
    }
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 with default parameters").to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Argon2 is slow on purpose: keep it off the async workers.
pub async fn hash_password_blocking(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|_| AppError::Internal)
}

/// A hash of no password, so an unknown username costs as much time as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("no such user"))
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    role: String,
    display_name: String,
    unit_credit_code: Option<String>,
    department_code: Option<String>,
    provider_org_id: Option<i64>,
    id_number: Option<String>,
}

impl UserRow {
    fn into_user(self) -> Result<CurrentUser, AppError> {
        Ok(CurrentUser {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            role: Role::parse(&self.role).ok_or(AppError::Internal)?,
            unit_credit_code: self.unit_credit_code,
            department_code: self.department_code,
            provider_org_id: self.provider_org_id,
            id_number: self.id_number,
        })
    }
}

/// The account, without its password's hash: that is read only where a password is checked
/// (`authenticate`), never with a session or an API key.
const USER_COLUMNS: &str = "u.id, u.username, u.role::text AS role, u.display_name, \
                            u.unit_credit_code, u.department_code, u.provider_org_id, u.id_number";

#[derive(sqlx::FromRow)]
struct UserWithHash {
    #[sqlx(flatten)]
    user: UserRow,
    password_hash: String,
}

/// Checks a username and password; the same error for an unknown user and a wrong password.
/// Every attempt counts first as a failure of this name from this address (undone when the
/// password is right), so parallel guesses cannot all pass before the first failure is counted;
/// the throttle is per name AND address, so a guesser elsewhere never locks the real official out
/// (`limits`, docs/SECURITY.md).
pub async fn authenticate(db: &PgPool, username: &str, password: &str, address: &str) -> Result<CurrentUser, AppError> {
    use crate::limits::{hit, undo, LOGIN_PER_ADDRESS, WRONG_PASSWORD_PER_NAME_AND_ADDRESS};
    let username = username.trim().to_lowercase();
    let here = format!("{username}\n{address}");
    hit(db, LOGIN_PER_ADDRESS, address).await?;
    hit(db, WRONG_PASSWORD_PER_NAME_AND_ADDRESS, &here).await?;
    // No account's name holds a control character (`parse_username`); PostgreSQL cannot even be
    // asked about a NUL. The decoy hash below still costs the same time.
    let sql = format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.username = $1");
    let row: Option<UserWithHash> = if username.chars().any(char::is_control) {
        None
    } else {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&username).fetch_optional(db).await?
    };
    let hash = row.as_ref().map_or_else(|| decoy_hash().to_string(), |r| r.password_hash.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.map_err(|_| AppError::Internal)?;
    match row {
        Some(row) if ok => {
            undo(db, WRONG_PASSWORD_PER_NAME_AND_ADDRESS, &here).await?;
            row.user.into_user()
        }
        _ => Err(AppError::BadCredentials),
    }
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Starts a session for `user_id` and sets the cookie on the response.
pub async fn start(db: &PgPool, user_id: i64) -> Result<(), AppError> {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let s = settings();
    // Expired sessions of anyone are cleared here, so the table does not grow without bound.
    sqlx::query("DELETE FROM sessions WHERE expires_at < now()").execute(db).await?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(s.session_hours as i32)
        .execute(db)
        .await?;
    set_cookie(cookie(&token, s.session_hours * 3600, s.secure_cookies));
    Ok(())
}

pub fn cookie(value: &str, max_age: i64, secure: bool) -> String {
    let name = session_cookie(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Ends the caller's session, in the database and in the browser.
pub async fn end() -> Result<(), AppError> {
    if let Some(token) = request_cookie(session_cookie(settings().secure_cookies)) {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(&token)).execute(&pool()?).await?;
    }
    set_cookie(cookie("", 0, settings().secure_cookies));
    Ok(())
}

/// The signed-in user of this request, if the session is live. Read once per request: a page's
/// header and its server functions ask in turn (the server's router gives each request its own
/// `UserOfRequest`; without one, every call reads the database).
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    current_user_on(None).await
}

/// `current_user`, read on `conn` if given: the connection the caller goes on with.
async fn current_user_on(conn: Option<&mut PgConnection>) -> Result<Option<CurrentUser>, AppError> {
    let read = || async {
        match request_cookie(session_cookie(settings().secure_cookies)) {
            Some(token) => match conn {
                Some(conn) => user_for_token_on(conn, &token).await,
                None => user_for_token(&pool()?, &token).await,
            },
            None => Ok(None),
        }
    };
    match use_context::<UserOfRequest>() {
        Some(memo) => memo.0.get_or_try_init(read).await.cloned(),
        None => read().await,
    }
}

/// The signed-in user as first read in this request (`current_user`).
#[derive(Clone, Default)]
pub struct UserOfRequest(std::sync::Arc<tokio::sync::OnceCell<Option<CurrentUser>>>);

/// The user of a session token, if the session is live (also used by plain axum handlers).
pub async fn user_for_token(db: &PgPool, token: &str) -> Result<Option<CurrentUser>, AppError> {
    user_for_token_on(&mut *db.acquire().await?, token).await
}

async fn user_for_token_on(conn: &mut PgConnection, token: &str) -> Result<Option<CurrentUser>, AppError> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > now()"
    );
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(token_hash(token)).fetch_optional(conn).await?;
    row.map(UserRow::into_user).transpose()
}

/// The account `id` (an API key acts as it: `api_v1`).
pub async fn user_by_id(db: &PgPool, id: i64) -> Result<Option<CurrentUser>, AppError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
    let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(db).await?;
    row.map(UserRow::into_user).transpose()
}

/// The account of a live API key (`api_v1::db::caller`), the key's id and its scopes; the key's
/// "last used" moves on, to the minute (one write a minute at most). One statement: a provider's
/// system calls this on every request.
pub async fn user_for_api_key(db: &mut PgConnection, key_hash: &[u8]) -> Result<Option<(i64, CurrentUser, Vec<String>)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct KeyRow {
        key_id: i64,
        scopes: Vec<String>,
        #[sqlx(flatten)]
        user: UserRow,
    }
    let sql = format!(
        "WITH k AS (SELECT id, user_id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL),
              touched AS (UPDATE api_keys a SET last_used_at = now() FROM k
                           WHERE a.id = k.id AND (a.last_used_at IS NULL OR a.last_used_at < now() - interval '1 minute'))
         SELECT k.id AS key_id, k.scopes, {USER_COLUMNS} FROM k JOIN users u ON u.id = k.user_id"
    );
    let row: Option<KeyRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(key_hash).fetch_optional(db).await?;
    row.map(|r| Ok((r.key_id, r.user.into_user()?, r.scopes))).transpose()
}

/// The signed-in user of a plain axum handler's request (downloads, uploads, CSV exports).
pub async fn user_from_headers(db: &PgPool, settings: &crate::context::Settings, headers: &axum::http::HeaderMap) -> Result<CurrentUser, AppError> {
    let name = session_cookie(settings.secure_cookies);
    let token = headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok()).and_then(|h| token_in_cookie_header(h, name));
    match token {
        Some(t) => user_for_token(db, t).await?.ok_or(AppError::Unauthenticated),
        None => Err(AppError::Unauthenticated),
    }
}

/// The session token in a `Cookie` header.
pub fn token_in_cookie_header<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

/// First line of every server function: who is calling, and may they?
pub async fn require_role(allowed: &[Role]) -> Result<CurrentUser, AppError> {
    allowed_user(current_user().await?, allowed)
}

/// `require_role`, and the connection the session was read on, for the caller to go on with: a
/// counter's card check then takes one connection, not two (each taking costs PostgreSQL a round
/// trip more: `server::pool_options`). None is taken without a session cookie.
/// For a server function called on its own, not a page's resource: there another resource may be
/// reading the session meanwhile, and the connection would wait idle for it.
pub async fn require_role_and_connection(allowed: &[Role]) -> Result<(CurrentUser, sqlx::pool::PoolConnection<sqlx::Postgres>), AppError> {
    if request_cookie(session_cookie(settings().secure_cookies)).is_none() {
        return Err(AppError::Unauthenticated);
    }
    let mut conn = pool()?.acquire().await?;
    let user = allowed_user(current_user_on(Some(&mut conn)).await?, allowed)?;
    Ok((user, conn))
}

fn allowed_user(user: Option<CurrentUser>, allowed: &[Role]) -> Result<CurrentUser, AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    if allowed.contains(&user.role) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Any signed-in user (what they may do is decided further in).
pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}
