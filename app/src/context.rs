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
    pub trusted_proxies: Vec<AddressRange>,
    /// The site's public address (`https://host`, from `mail.base_url`): a write whose `Origin`
    /// is this passes even when a proxy sends another `Host`.
    pub public_origin: Option<String>,
    /// The e-card's signing keys (`ecard::keys`): from the keys folder, shared by every instance.
    pub ecard: std::sync::Arc<crate::ecard::keys::EcardKeys>,
    /// Client addresses that may read `/metrics` (`ops.metrics_from`; by default this machine).
    pub metrics_from: Vec<AddressRange>,
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
pub fn loopback() -> Vec<AddressRange> {
    vec![std::net::Ipv4Addr::LOCALHOST.into(), std::net::Ipv6Addr::LOCALHOST.into()]
}

/// One address (`192.0.2.7`) or a range of them (`10.0.0.0/8`, `fd00::/8`): a balancer's subnet
/// in `features.trusted_proxies`, a scraper's in `ops.metrics_from`. IPv4 addresses written as
/// IPv6 (`::ffff:10.0.0.1`) are the IPv4 ones, in the list and in what is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressRange {
    first: std::net::IpAddr,
    prefix: u8,
}

impl AddressRange {
    /// None for what is not an address, a prefix longer than the address or shorter than
    /// `SHORTEST_PREFIX` (`0.0.0.0/0` would trust every client's header, or show everyone the
    /// metrics), or a range written with bits set after its prefix (`10.0.0.5/8`: meant
    /// `10.0.0.5`, or `10.0.0.0/8`?).
    pub fn parse(text: &str) -> Option<AddressRange> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let first = address.trim().parse::<std::net::IpAddr>().ok()?.to_canonical();
        let width = width(first);
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().ok().filter(|p| (SHORTEST_PREFIX..=width).contains(p))?,
            None => width,
        };
        (masked(bits(first), width, prefix) == bits(first)).then_some(AddressRange { first, prefix })
    }

    pub fn contains(&self, address: std::net::IpAddr) -> bool {
        let address = address.to_canonical();
        width(address) == width(self.first) && masked(bits(address), width(address), self.prefix) == bits(self.first)
    }
}

impl From<std::net::IpAddr> for AddressRange {
    fn from(address: std::net::IpAddr) -> Self {
        let first = address.to_canonical();
        AddressRange { first, prefix: width(first) }
    }
}

impl From<std::net::Ipv4Addr> for AddressRange {
    fn from(address: std::net::Ipv4Addr) -> Self {
        std::net::IpAddr::from(address).into()
    }
}

impl From<std::net::Ipv6Addr> for AddressRange {
    fn from(address: std::net::Ipv6Addr) -> Self {
        std::net::IpAddr::from(address).into()
    }
}

/// The widest range accepted: a /8 (a private network such as `10.0.0.0/8`, an IPv6 `fd00::/8`).
pub const SHORTEST_PREFIX: u8 = 8;

fn width(address: std::net::IpAddr) -> u8 {
    if address.is_ipv4() {
        32
    } else {
        128
    }
}

fn bits(address: std::net::IpAddr) -> u128 {
    match address {
        std::net::IpAddr::V4(a) => u32::from(a).into(),
        std::net::IpAddr::V6(a) => a.into(),
    }
}

/// `value`'s first `prefix` bits of `width`, the rest zero.
fn masked(value: u128, width: u8, prefix: u8) -> u128 {
    match width - prefix {
        0 => value,
        rest if rest >= width => 0,
        rest => value >> rest << rest,
    }
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
    with_context::<axum::http::request::Parts, _>(|p| p.extensions.get::<ClientAddress>().map(|a| a.0.clone())).flatten().unwrap_or_else(|| "unknown".to_string())
}

pub fn pool() -> Result<PgPool, AppError> {
    use_context::<PgPool>().ok_or_else(|| {
        tracing::error!("no database pool in context");
        AppError::Internal
    })
}

/// The pool of the counter's requests (`verify::at_the_counter`: the card checks, their verdicts
/// and photos, the services recorded there), kept apart from the one every other request uses: a
/// counter never waits behind reviewers' pages, and the checks get more connections, as a check
/// spends its time waiting on the database's commits rather than on this server's CPU
/// (server/src/config.rs, the figures). Their server functions find it as `pool()`: the server
/// provides the pool by the request's path (`server::AppState::pool_for`).
#[derive(Clone)]
pub struct CheckPool(pub PgPool);

pub fn settings() -> Settings {
    use_context::<Settings>().unwrap_or_default()
}

/// Today in China Standard Time (UTC+8), the calendar every article counts in.
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// A header of the request being served. (The request is read in place: `use_context` would copy
/// all of its headers and extensions each time.)
pub fn request_header(name: axum::http::HeaderName) -> Option<String> {
    with_context::<axum::http::request::Parts, _>(|parts| parts.headers.get(name)?.to_str().ok().map(str::to_owned)).flatten()
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

#[cfg(test)]
mod tests {
    use super::AddressRange;

    #[test]
    fn address_ranges_hold_what_their_prefix_says() {
        // (range as written, address, inside?)
        let cases = [
            ("10.0.0.0/8", "10.255.3.4", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("172.28.0.10", "172.28.0.10", true),
            ("172.28.0.10", "172.28.0.11", false),
            ("172.28.0.10/32", "172.28.0.10", true),
            ("192.168.4.0/22", "192.168.7.255", true),
            ("192.168.4.0/22", "192.168.8.0", false),
            ("10.0.0.0/8", "::1", false),
            ("fd00::/8", "fd12:3456::1", true),
            ("fd00::/8", "fe80::1", false),
            ("fd00::/8", "10.0.0.1", false),
            ("::1", "::1", true),
            // IPv4 written as IPv6 is IPv4, on either side.
            ("::ffff:10.0.0.1", "10.0.0.1", true),
            ("10.0.0.0/8", "::ffff:10.1.1.1", true),
        ];
        for (range, address, inside) in cases {
            let r = AddressRange::parse(range).unwrap_or_else(|| panic!("{range} is a range"));
            assert_eq!(r.contains(address.parse().unwrap()), inside, "{range} holds {address}");
        }
        // Too wide to mean a proxy or a scraper: everyone, or a sixteenth of the internet.
        for not_a_range in ["", "10.0.0.5/8", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0/8", "proxy.local", "::ffff:10.0.0.0/104", "0.0.0.0/0", "::/0", "0.0.0.0/4", "8.0.0.0/7"] {
            assert_eq!(AddressRange::parse(not_a_range), None, "{not_a_range:?}");
        }
    }
}
