//! The site's runtime configuration: `Leptos.toml`, then `APP_*` / `LEPTOS_*` environment overrides.
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Config {
    pub site: Site,
    pub database: Database,
    pub storage: Storage,
    pub keys: Keys,
    pub features: Features,
    pub mail: Mail,
    pub ops: Ops,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Site {
    pub addr: String,
    pub root: String,
    pub pkg_dir: String,
    pub output_name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Database {
    pub url: String,
    /// Connections of this instance's pool. Default: three per core of this machine. Measured on
    /// 2 cores with PostgreSQL on the same machine (the local run), 16 clients, release build, one
    /// session (issue 17; `scripts/bench-http.sh` for the pages, `--bench load` for the API):
    /// - 4: `/review` and the task list p99 12.8 and 15.8 ms, but the API's card check 979/s, as
    ///   requests wait for a connection that is itself waiting on this server;
    /// - 6: the pages 13.9–15.3 and 17.5 ms; the API check 1264/s, p99 17.6 ms;
    /// - 8: the pages 16.3–24.2 and 19.0–23.3 ms; the API check 1357/s, p99 18.3 ms.
    /// Those figures were taken while sqlx still checked each connection with a round trip when
    /// lending it (`crate::pool_options` no longer does). Since, at 6: the pages 11.6 and 14.2 ms,
    /// the API check 1979–1997/s, p99 11–12 ms; at 8 (one run): the pages 13.5 and 16.0 ms, the
    /// API check 1880/s, and the page's card check 2495/s against 2586–2629/s at 6.
    /// With a database of its own, set it per instance (docs/DEPLOY.md).
    pub max_connections: u32,
    /// Connections of this instance's second pool, the counter's (`app::context::CheckPool`, for
    /// the paths of `app::verify::at_the_counter`). Default: six per core. Apart, so a counter
    /// never waits behind the pages; larger, because a check is four to six small statements,
    /// two of them commits, and waits on those commits more than on this server's CPU: at three
    /// per core, 8 % of the machine stood idle under 16 checking clients. The same release
    /// binary, 16 clients, 5 s each (one session):
    /// - the page's check: 6 connections 2568–2691/s (47–49 % of pgbench on its statements),
    ///   12: 2761–2786/s (51 %), 16: 2851–2862/s (52 %);
    /// - the API's check: 6: 1895/s, p99 12.6 ms; 12: 2056/s, 16.3 ms; 16: 2078/s, 17.6 ms.
    /// The pages lose by more connections (they are this server's CPU): `/review` at 16
    /// connections 2516–2529/s, p99 11.3–11.7 ms with 6; 2157–2193/s, 15.2–15.8 ms with 12.
    pub check_connections: u32,
}

/// Where uploaded documents are kept (server/src/storage.rs): `backend = "disk"` (`uploads_dir`,
/// one machine) or `"s3"` (an S3-compatible bucket, for several instances; docs/DEPLOY.md).
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct Storage {
    pub backend: String,
    pub uploads_dir: PathBuf,
    /// Empty: AWS itself; else the store's address (`http://minio:9000`).
    pub s3_endpoint: String,
    pub s3_bucket: String,
    pub s3_region: String,
    pub s3_access_key_id: String,
    /// A secret: from `APP_STORAGE_S3_SECRET_ACCESS_KEY`, never logged.
    pub s3_secret_access_key: String,
}

impl Default for Storage {
    fn default() -> Self {
        Storage {
            backend: "disk".into(),
            uploads_dir: ".local/uploads".into(),
            s3_endpoint: String::new(),
            s3_bucket: String::new(),
            s3_region: "us-east-1".into(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
        }
    }
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("backend", &self.backend)
            .field("uploads_dir", &self.uploads_dir)
            .field("s3_endpoint", &self.s3_endpoint)
            .field("s3_bucket", &self.s3_bucket)
            .field("s3_region", &self.s3_region)
            // The keys never.
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Keys {
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Features {
    pub secure_cookies: bool,
    pub session_hours: i64,
    pub verify_per_minute: i64,
    /// New applicant accounts one client address may make per hour.
    pub register_per_hour: i32,
    pub seed_demo_accounts: bool,
    /// Behind a reverse proxy: the header it sets to the client's address (e.g. `X-Forwarded-For`;
    /// its last entry is taken, the one the proxy added). Empty: the connection's peer address.
    /// Never set this without a proxy that overwrites the header, or clients choose their address.
    pub client_address_header: String,
    /// The addresses of the proxies that set that header (comma-separated; a range such as
    /// `10.0.0.0/24` for balancers whose address changes); required with it.
    /// A request from any other peer keeps its peer's address: someone who reaches an instance
    /// directly cannot choose his address by sending the header himself.
    pub trusted_proxies: String,
}

/// What operators see (server/src/ops.rs, docs/DEPLOY.md).
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct Ops {
    /// `text` (for a terminal) or `json` (one JSON object per line, for a log collector).
    pub log_format: String,
    /// Client addresses (or ranges) that may read `/metrics`, comma-separated (by default this
    /// machine only).
    pub metrics_from: String,
    /// A bearer token that reads `/metrics` from anywhere; empty: none. A secret: never logged.
    pub metrics_token: String,
    /// Seconds a client may take to send a request's headers, or between two pieces of its body,
    /// before the server gives up on it (server/src/serve.rs). Default 30.
    pub slow_client_seconds: u64,
}

impl Default for Ops {
    fn default() -> Self {
        Ops { log_format: "text".into(), metrics_from: "127.0.0.1, ::1".into(), metrics_token: String::new(), slow_client_seconds: 30 }
    }
}

impl std::fmt::Debug for Ops {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ops").field("log_format", &self.log_format).field("metrics_from", &self.metrics_from).field("metrics_token", &"…").finish()
    }
}

/// A comma-separated list of IP addresses and ranges (`10.0.0.0/8`); one that is neither is
/// refused at start-up.
fn addresses(name: &str, list: &str) -> Result<Vec<app::context::AddressRange>, ConfigError> {
    list.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| app::context::AddressRange::parse(a).ok_or_else(|| ConfigError::Env { name: name.into(), value: a.to_string() }))
        .collect()
}

/// E-mail notifications (server/src/outbox.rs). An empty `smtp_url` turns e-mail off; the mails
/// are still queued in `email_outbox`, and only those of the last 7 days go out once it is turned on.
#[derive(Clone, Deserialize)]
#[serde(default)]
pub struct Mail {
    /// `smtp://host:25` (plain, e.g. a relay on the intranet), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host:465`. It may hold a password: never logged.
    pub smtp_url: String,
    /// The sender, e.g. `云聚英才卡 <noreply@example.gov.cn>`; its domain also names the Message-IDs.
    pub from: String,
    /// The site's public address, for the "sign in" link in each mail.
    pub base_url: String,
}

impl Default for Mail {
    fn default() -> Self {
        Mail { smtp_url: String::new(), from: "云聚英才卡 <noreply@yunju.local>".into(), base_url: "http://127.0.0.1:3000".into() }
    }
}

impl Mail {
    pub fn enabled(&self) -> bool {
        !self.smtp_url.trim().is_empty()
    }
}

impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let smtp_url = if self.enabled() { "(set, not shown)" } else { "" };
        f.debug_struct("Mail").field("smtp_url", &smtp_url).field("from", &self.from).field("base_url", &self.base_url).finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            site: Site::default(),
            database: Database::default(),
            storage: Storage::default(),
            keys: Keys { dir: ".local/keys".into() },
            features: Features::default(),
            mail: Mail::default(),
            ops: Ops::default(),
        }
    }
}

impl Default for Site {
    fn default() -> Self {
        Site { addr: "127.0.0.1:3000".into(), root: "target/site".into(), pkg_dir: "pkg".into(), output_name: "yunju".into() }
    }
}

impl Default for Database {
    fn default() -> Self {
        Database { url: "postgres://postgres@127.0.0.1:55432/yunju".into(), max_connections: 3 * cores(), check_connections: 6 * cores() }
    }
}

fn cores() -> u32 {
    std::thread::available_parallelism().map_or(2, |n| n.get() as u32)
}

impl Default for Keys {
    fn default() -> Self {
        Keys { dir: ".local/keys".into() }
    }
}

impl Default for Features {
    fn default() -> Self {
        let s = app::context::Settings::default();
        Features {
            secure_cookies: s.secure_cookies,
            session_hours: s.session_hours,
            verify_per_minute: s.verify_per_minute,
            register_per_hour: s.register_per_hour,
            seed_demo_accounts: false,
            client_address_header: String::new(),
            trusted_proxies: String::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not valid: {source}")]
    Parse { path: String, source: toml::de::Error },
    #[error("environment variable {name} has a value that is not valid: {value}")]
    Env { name: String, value: String },
}

impl Config {
    /// Reads `path` (a missing file means defaults), then the environment.
    pub fn load(path: &str) -> Result<Config, ConfigError> {
        let mut config = match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|source| ConfigError::Parse { path: path.into(), source })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(source) => return Err(ConfigError::Read { path: path.into(), source }),
        };
        config.overlay(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    /// Applies overrides; `get` reads a variable (the environment, or a map in tests).
    pub fn overlay(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        let first = |names: &[&str]| names.iter().find_map(|n| get(n).map(|v| (n.to_string(), v)));
        fn parsed<T: std::str::FromStr>((name, value): (String, String)) -> Result<T, ConfigError> {
            value.trim().parse().map_err(|_| ConfigError::Env { name, value })
        }
        if let Some((_, v)) = first(&["APP_SITE_ADDR", "LEPTOS_SITE_ADDR"]) {
            self.site.addr = v;
        }
        if let Some((_, v)) = first(&["APP_SITE_ROOT", "LEPTOS_SITE_ROOT"]) {
            self.site.root = v;
        }
        if let Some((_, v)) = first(&["APP_SITE_PKG_DIR", "LEPTOS_SITE_PKG_DIR"]) {
            self.site.pkg_dir = v;
        }
        if let Some((_, v)) = first(&["APP_SITE_OUTPUT_NAME", "LEPTOS_OUTPUT_NAME"]) {
            self.site.output_name = v;
        }
        if let Some((_, v)) = first(&["APP_DATABASE_URL", "DATABASE_URL"]) {
            self.database.url = v;
        }
        if let Some(kv) = first(&["APP_DATABASE_MAX_CONNECTIONS"]) {
            self.database.max_connections = parsed(kv)?;
        }
        if let Some(kv) = first(&["APP_DATABASE_CHECK_CONNECTIONS"]) {
            self.database.check_connections = parsed(kv)?;
        }
        if let Some((_, v)) = first(&["APP_STORAGE_UPLOADS_DIR"]) {
            self.storage.uploads_dir = v.into();
        }
        for (name, field) in [
            ("APP_STORAGE_BACKEND", &mut self.storage.backend),
            ("APP_STORAGE_S3_ENDPOINT", &mut self.storage.s3_endpoint),
            ("APP_STORAGE_S3_BUCKET", &mut self.storage.s3_bucket),
            ("APP_STORAGE_S3_REGION", &mut self.storage.s3_region),
            ("APP_STORAGE_S3_ACCESS_KEY_ID", &mut self.storage.s3_access_key_id),
            ("APP_STORAGE_S3_SECRET_ACCESS_KEY", &mut self.storage.s3_secret_access_key),
        ] {
            if let Some((_, v)) = first(&[name]) {
                *field = v;
            }
        }
        if let Some((_, v)) = first(&["APP_KEYS_DIR"]) {
            self.keys.dir = v.into();
        }
        if let Some(kv) = first(&["APP_FEATURES_SECURE_COOKIES"]) {
            self.features.secure_cookies = parsed(kv)?;
        }
        if let Some(kv) = first(&["APP_FEATURES_SESSION_HOURS"]) {
            self.features.session_hours = parsed(kv)?;
        }
        if let Some(kv) = first(&["APP_FEATURES_VERIFY_PER_MINUTE"]) {
            self.features.verify_per_minute = parsed(kv)?;
        }
        if let Some(kv) = first(&["APP_FEATURES_REGISTER_PER_HOUR"]) {
            self.features.register_per_hour = parsed(kv)?;
        }
        if let Some(kv) = first(&["APP_FEATURES_SEED_DEMO_ACCOUNTS"]) {
            self.features.seed_demo_accounts = parsed(kv)?;
        }
        if let Some((_, v)) = first(&["APP_FEATURES_CLIENT_ADDRESS_HEADER"]) {
            self.features.client_address_header = v;
        }
        if let Some((_, v)) = first(&["APP_FEATURES_TRUSTED_PROXIES"]) {
            self.features.trusted_proxies = v;
        }
        if let Some((_, v)) = first(&["APP_MAIL_SMTP_URL"]) {
            self.mail.smtp_url = v;
        }
        if let Some((_, v)) = first(&["APP_MAIL_FROM"]) {
            self.mail.from = v;
        }
        if let Some((_, v)) = first(&["APP_MAIL_BASE_URL"]) {
            self.mail.base_url = v;
        }
        if let Some((_, v)) = first(&["APP_OPS_LOG_FORMAT"]) {
            self.ops.log_format = v;
        }
        if let Some((_, v)) = first(&["APP_OPS_METRICS_FROM"]) {
            self.ops.metrics_from = v;
        }
        if let Some((_, v)) = first(&["APP_OPS_METRICS_TOKEN"]) {
            self.ops.metrics_token = v;
        }
        if let Some(kv) = first(&["APP_OPS_SLOW_CLIENT_SECONDS"]) {
            self.ops.slow_client_seconds = parsed(kv)?;
        }
        // A pool of none would time out every request that needs it.
        for (name, size) in [("database.max_connections", self.database.max_connections), ("database.check_connections", self.database.check_connections)] {
            if size == 0 {
                return Err(ConfigError::Env { name: format!("{name} (at least 1)"), value: "0".into() });
            }
        }
        Ok(())
    }

    /// The settings the app reads at request time; `secret` is the server's key for derived codes
    /// (read from the keys folder, `secret_key`).
    pub fn settings(&self, secret: [u8; 32], ecard: app::ecard::keys::EcardKeys) -> Result<app::context::Settings, ConfigError> {
        let header = self.features.client_address_header.trim();
        let trusted_proxies = addresses("features.trusted_proxies", &self.features.trusted_proxies)?;
        if !header.is_empty() && trusted_proxies.is_empty() {
            return Err(ConfigError::Env { name: "features.trusted_proxies (required with features.client_address_header)".into(), value: String::new() });
        }
        let token = self.ops.metrics_token.trim();
        if !(1..=3600).contains(&self.ops.slow_client_seconds) {
            return Err(ConfigError::Env { name: "ops.slow_client_seconds (1-3600)".into(), value: self.ops.slow_client_seconds.to_string() });
        }
        Ok(app::context::Settings {
            secure_cookies: self.features.secure_cookies,
            session_hours: self.features.session_hours,
            verify_per_minute: self.features.verify_per_minute,
            register_per_hour: self.features.register_per_hour,
            secret: std::sync::Arc::new(secret),
            ecard: std::sync::Arc::new(ecard),
            client_address_header: (!header.is_empty()).then(|| header.to_ascii_lowercase()),
            trusted_proxies,
            public_origin: Some(self.mail.base_url.trim().trim_end_matches('/').to_string()).filter(|u| !u.is_empty()),
            metrics_from: addresses("ops.metrics_from", &self.ops.metrics_from)?,
            metrics_token: (!token.is_empty()).then(|| token.to_string()),
            patience: std::time::Duration::from_secs(self.ops.slow_client_seconds),
        })
    }

    /// The server's secret (32 bytes in `keys.dir/secret.key`), made on first start and never
    /// committed. Every instance of one site must share it (the keys folder, or the same file).
    pub fn secret_key(&self) -> std::io::Result<[u8; 32]> {
        let path = self.keys.dir.join("secret.key");
        match std::fs::read(&path) {
            Ok(bytes) => bytes.try_into().map_err(|_| std::io::Error::other(format!("{} is not 32 bytes", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key: [u8; 32] = app::secrets::random_bytes(32).try_into().expect("32 bytes");
                use std::io::Write;
                use std::os::unix::fs::OpenOptionsExt;
                let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
                file.write_all(&key)?;
                Ok(key)
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_leptos_toml_parses_and_env_overrides_it() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Leptos.toml")).unwrap();
        let mut c: Config = toml::from_str(&text).unwrap();
        assert_eq!(c.site.addr, "127.0.0.1:3000");
        assert!(!c.features.seed_demo_accounts, "demo accounts must be off unless a local script turns them on");
        assert!(!c.mail.enabled(), "e-mail is off unless configured");
        let env = |n: &str| match n {
            "DATABASE_URL" => Some("postgres://elsewhere/db".to_string()),
            "APP_DATABASE_URL" => None,
            "LEPTOS_SITE_ADDR" => Some("0.0.0.0:8080".to_string()),
            "APP_FEATURES_SESSION_HOURS" => Some("2".to_string()),
            "APP_MAIL_SMTP_URL" => Some("smtp://mailer:secret@relay.example:25".to_string()),
            _ => None,
        };
        c.overlay(env).unwrap();
        assert_eq!(c.database.url, "postgres://elsewhere/db");
        assert_eq!(c.site.addr, "0.0.0.0:8080");
        assert_eq!(c.features.session_hours, 2);
        assert!(c.mail.enabled());
        assert!(!format!("{c:?}").contains("secret"), "the SMTP password is never printed");
        c.overlay(|n| (n == "APP_STORAGE_S3_SECRET_ACCESS_KEY").then(|| "s3-secret-key".to_string())).unwrap();
        assert_eq!(c.storage.s3_secret_access_key, "s3-secret-key");
        assert!(!format!("{c:?}").contains("s3-secret-key"), "the object store's key is never printed");
        let bad = |n: &str| (n == "APP_FEATURES_SESSION_HOURS").then(|| "eight".to_string());
        assert!(matches!(c.overlay(bad), Err(ConfigError::Env { .. })));
        c.overlay(|n| (n == "APP_DATABASE_CHECK_CONNECTIONS").then(|| "3".to_string())).unwrap();
        assert_eq!(c.database.check_connections, 3);
        assert!(matches!(c.overlay(|n| (n == "APP_DATABASE_CHECK_CONNECTIONS").then(|| "0".to_string())), Err(ConfigError::Env { .. })));
    }

    /// The balancers may be named by address or by subnet; anything else stops the start, and so
    /// does a proxy header without them (every client would choose its address).
    #[test]
    fn trusted_proxies_are_addresses_or_ranges_and_come_with_the_header() {
        let with = |proxies: &str, header: &str| {
            let mut c = Config::default();
            c.features.trusted_proxies = proxies.into();
            c.features.client_address_header = header.into();
            c.settings([7; 32], app::ecard::keys::EcardKeys::in_memory())
        };
        let settings = with("172.28.0.10, 10.1.0.0/16, fd00::/8", "x-forwarded-for").unwrap();
        for (address, trusted) in [("172.28.0.10", true), ("10.1.255.3", true), ("fd00::5", true), ("10.2.0.1", false), ("172.28.0.11", false)] {
            assert_eq!(settings.trusted_proxies.iter().any(|r| r.contains(address.parse().unwrap())), trusted, "{address}");
        }
        for bad in ["10.1.0.5/16", "balancer", "10.0.0.0/40"] {
            assert!(matches!(with(bad, "x-forwarded-for"), Err(ConfigError::Env { value, .. }) if value == bad), "{bad}");
        }
        assert!(with("", "x-forwarded-for").is_err(), "a proxy header with no proxy named");
        assert!(with("", "").unwrap().trusted_proxies.is_empty());
    }
}
