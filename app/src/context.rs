//! What the server hands to every server function and page render (server only).
use chrono::NaiveDate;
use leptos::prelude::*;
use sqlx::PgPool;

use crate::error::AppError;

/// Site settings the app needs at request time (read from Leptos.toml by the server).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Mark cookies `Secure` (on when the site is served over HTTPS).
    pub secure_cookies: bool,
    /// How long a session lives after login.
    pub session_hours: i64,
    /// Verifications one provider account may make per minute (SYSTEM.md: guessing must not work).
    pub verify_per_minute: i64,
    /// The server's secret for derived codes (claim codes): 32 bytes from the keys folder, the same
    /// on every instance.
    pub secret: std::sync::Arc<[u8; 32]>,
    /// New accounts one client address may make per hour (`limits::register_per_address`).
    pub register_per_hour: i32,
    /// Behind a reverse proxy: the (lowercase) header that carries the client's address.
    pub client_address_header: Option<String>,
    /// The proxies whose header is believed (`features.trusted_proxies`): a request from any
    /// other peer is that peer's, whatever header it sends.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The site's public address (`https://host`, from `mail.base_url`): a write whose `Origin`
    /// is this passes even when a proxy sends another `Host`.
    pub public_origin: Option<String>,
    /// The e-card's signing keys (`ecard::keys`): from the keys folder, shared by every instance.
    pub ecard: std::sync::Arc<crate::ecard::keys::EcardKeys>,
    /// Client addresses that may read `/metrics` (`ops.metrics_from`; by default this machine).
    pub metrics_from: Vec<std::net::IpAddr>,
    /// A bearer token that reads `/metrics` from anywhere (`ops.metrics_token`; none: off).
    pub metrics_token: Option<String>,
    /// How long a client may take to send a request's headers, or between two pieces of its body
    /// (`ops.slow_client_seconds`; server/src/serve.rs).
    pub patience: std::time::Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { secure_cookies: false, session_hours: 8, verify_per_minute: 30, register_per_hour: 20, secret: process_secret(), client_address_header: None, trusted_proxies: vec![], public_origin: None, ecard: process_ecard_keys(), metrics_from: loopback(), metrics_token: None, patience: std::time::Duration::from_secs(30) }
    }
}

/// This machine's own addresses.
pub fn loopback() -> Vec<std::net::IpAddr> {
    vec![std::net::Ipv4Addr::LOCALHOST.into(), std::net::Ipv6Addr::LOCALHOST.into()]
}

/// A secret made up for this process, for tests and for a server started without a keys folder
/// (codes it derives then die with the process).
fn process_secret() -> std::sync::Arc<[u8; 32]> {
    static SECRET: std::sync::OnceLock<std::sync::Arc<[u8; 32]>> = std::sync::OnceLock::new();
    SECRET
        .get_or_init(|| {
            use argon2::password_hash::rand_core::{OsRng, RngCore};
            let mut bytes = [0u8; 32];
            OsRng.fill_bytes(&mut bytes);
            std::sync::Arc::new(bytes)
        })
        .clone()
}

/// E-card keys made up for this process (like `process_secret`).
fn process_ecard_keys() -> std::sync::Arc<crate::ecard::keys::EcardKeys> {
    static KEYS: std::sync::OnceLock<std::sync::Arc<crate::ecard::keys::EcardKeys>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| std::sync::Arc::new(crate::ecard::keys::EcardKeys::in_memory())).clone()
}

/// Seconds since 1970 now (the e-card's tokens count in these).
pub fn now_seconds() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The address of the client of this request, as the server worked it out (the peer's address,
/// or a trusted proxy's header when one is configured; server/src/security.rs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub String);

pub fn client_address() -> String {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientAddress>().map(|a| a.0.clone()))
        .unwrap_or_else(|| "unknown".to_string())
}

pub fn pool() -> Result<PgPool, AppError> {
    use_context::<PgPool>().ok_or_else(|| {
        tracing::error!("no database pool in context");
        AppError::Internal
    })
}

pub fn settings() -> Settings {
    use_context::<Settings>().unwrap_or_default()
}

/// Today in China Standard Time (UTC+8), the calendar every article counts in.
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// A header of the request being served.
pub fn request_header(name: axum::http::HeaderName) -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    parts.headers.get(name)?.to_str().ok().map(str::to_owned)
}

/// A cookie of the request being served.
pub fn request_cookie(name: &str) -> Option<String> {
    let header = request_header(axum::http::header::COOKIE)?;
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

/// Adds a `Set-Cookie` header to the response being built.
pub fn set_cookie(value: String) {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(v) = axum::http::HeaderValue::from_str(&value) {
            res.append_header(axum::http::header::SET_COOKIE, v);
        }
    }
}
