//! The axum server: configuration, state, routes, the e-mail worker. The application itself lives in `app`.
pub mod config;
pub mod errors;
pub mod ops;
pub mod outbox;
pub mod public_pages;
pub mod security;
pub mod seed;
pub mod serve;
pub mod storage;

use axum::extract::{DefaultBodyLimit, FromRef};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::PgPool;

use app::apply::documents::{self, Files};
use app::context::Settings;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    /// The counter's pool (`app::context::CheckPool`; `pool_for`).
    pub checks: app::context::CheckPool,
    pub leptos_options: LeptosOptions,
    pub settings: Settings,
    /// Where uploads are kept (local disk by default: `storage.uploads_dir`).
    pub files: Files,
    /// This instance's tail of the change log, for the live pages (`app::live`).
    pub live: app::live::stream::Live,
}

impl AppState {
    /// The pool a request is served from: the counter's (`app::verify::at_the_counter`) or the
    /// main one. Server functions and pages find it as `app::context::pool()`.
    pub fn pool_for(&self, path: &str) -> &PgPool {
        if app::verify::at_the_counter(path) {
            &self.checks.0
        } else {
            &self.pool
        }
    }
}

/// The database pool as the server runs it, at most `max_connections`.
/// - A request waits at most 5 s for a connection; then it is told the service is unavailable
///   (503, "try again") rather than hanging while the database restarts or fails over.
/// - A connection idle for `CHECK_AFTER_IDLE` is checked (one round trip) before it is lent; a
///   busy one is not. sqlx checks every time by default, and checks again when a connection is
///   given back, so a statement took three round trips: at 16 clients the API's card check (six
///   statements) reached 42 % of pgbench's rate on the same statements, and PostgreSQL spent a
///   third more time per check than under pgbench. Checked only after 5 s idle: 53 %; with the
///   check's statements on one connection, 55 % (`--bench load`).
/// - A busy connection that a restart of PostgreSQL broke fails its one statement (503), and
///   sqlx's check on giving it back then drops it (`--bench faults`).
pub fn pool_options(max_connections: u32) -> sqlx::postgres::PgPoolOptions {
    const CHECK_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(5);
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(std::time::Duration::from_secs(5))
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= CHECK_AFTER_IDLE {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

/// Every 5 minutes, forgets old rate-limit windows and refused forms' errors (`limits::forget_old`;
/// safe on several instances at once).
pub fn spawn_cleanup(pool: PgPool) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            every.tick().await;
            if let Err(e) = app::limits::forget_old(&pool).await {
                tracing::warn!(error = ?e, "clean-up failed");
            }
        }
    });
}

/// Every 10 minutes (and at start), the scheduled work (`app::jobs`): reminders and the card's
/// end. Safe on several instances at once (one runner at a time, by an advisory lock), and a run
/// missed is caught up by the next.
pub fn spawn_jobs(pool: PgPool) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(e) = app::jobs::db::run(&pool, app::context::today()).await {
                tracing::warn!(error = ?e, "scheduled work failed");
            }
        }
    });
}

/// The listening socket. Every accepted connection gets `TCP_NODELAY`: a response written in more
/// than one piece must not wait for the client's delayed ACK (Nagle's algorithm), which cost ~44 ms
/// per request on a kept-alive connection (issue 17).
pub async fn bind(addr: &str) -> std::io::Result<axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)>> {
    use axum::serve::ListenerExt;
    fn no_delay(tcp: &mut tokio::net::TcpStream) {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    }
    Ok(tokio::net::TcpListener::bind(addr).await?.tap_io(no_delay as fn(&mut tokio::net::TcpStream)))
}

/// The built site's asset names carry a hash of their content when `pkg/hash.txt` exists
/// (scripts/lib.sh, build_site): the pages then link `pkg/yunju.<hash>.js` and the like, and those
/// files may be cached for a year.
pub fn leptos_options(config: &config::Config) -> LeptosOptions {
    let hash_file = std::path::absolute(std::path::Path::new(&config.site.root).join(&config.site.pkg_dir).join("hash.txt"));
    let hash_file = hash_file.ok().filter(|p| p.is_file());
    LeptosOptions::builder()
        .hash_files(hash_file.is_some())
        // Leptos joins this to the server binary's folder; an absolute path stays as it is.
        .hash_file(hash_file.map_or_else(|| "hash.txt".into(), |p| p.to_string_lossy().into()))
        .output_name(config.site.output_name.clone())
        .site_root(config.site.root.clone())
        .site_pkg_dir(config.site.pkg_dir.clone())
        .site_addr(config.site.addr.parse::<std::net::SocketAddr>().unwrap_or_else(|_| std::net::SocketAddr::from(([127, 0, 0, 1], 3000))))
        .build()
}

/// The site's page routes, listed once per process. To list them leptos walks the app with a
/// process-wide flag up (leptos_server's `SuppressResourceLoad`), and a resource that first runs
/// while that flag is up waits forever, and so does its page (leptos-rs/leptos#4773). Listing them
/// once, before any router exists, means no page can render during a walk: a second router (the
/// tests build one per test, many at once) reuses the list.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Every route of the site: the language switch, the pages and server functions, static files.
pub fn router(state: AppState) -> Router {
    let routes = routes();
    let context = {
        let state = state.clone();
        move || {
            // The counter's requests on their own pool (`pool_for`).
            provide_context(with_context::<axum::http::request::Parts, _>(|p| state.pool_for(p.uri.path()).clone()).unwrap_or_else(|| state.pool.clone()));
            provide_context(state.settings.clone());
            provide_context(app::auth::session::UserOfRequest::default());
            // The nonce the CSP header announces (security.rs) is the one the page's scripts carry.
            // A public page kept in memory has none (its policy names its scripts by hash:
            // public_pages.rs), rather than the one leptos_axum would make up.
            let nonce = with_context::<axum::http::request::Parts, _>(|p| p.extensions.get::<security::CspNonce>().cloned()).flatten();
            provide_context(leptos::nonce::Nonce::from_value(nonce.map_or_else(String::new, |n| n.0)));
        }
    };
    let ops = ops::Ops { pool: state.pool.clone(), checks: state.checks.0.clone(), files: state.files.clone(), settings: state.settings.clone() };
    let probes = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .with_state(ops);
    Router::new()
        .merge(probes)
        .route("/lang/{code}", get(app::i18n::switch_language))
        // Uploads: the body stops at 10 MB and the multipart framing; a file just over 10 MB is
        // refused with a message, a bigger body is cut off where the limit is reached.
        .route("/applications/{id}/documents", post(documents::upload).layer(DefaultBodyLimit::max(documents::MAX_UPLOAD_BODY)))
        .route("/assessments/{id}/report", post(app::assessments::routes::upload_report).layer(DefaultBodyLimit::max(documents::MAX_UPLOAD_BODY)))
        .route("/assessments/reports/{token}", get(app::assessments::routes::download_report))
        .route(
            "/cards/{id}/termination-document",
            post(app::cards::routes::upload_termination_document).layer(DefaultBodyLimit::max(documents::MAX_UPLOAD_BODY)),
        )
        .route("/cards/termination-documents/{token}", get(app::cards::routes::download_termination_document))
        .route("/documents/{token}", get(documents::download))
        .route("/documents/{token}/remove", post(documents::remove))
        .route("/review/{id}/audit.csv", get(app::workflow::audit::export))
        .route("/review/queue.csv", get(app::review::export::export))
        .route("/requests/export.csv", get(app::requests::oversight::export))
        .route("/requests/{id}/documents", post(app::requests::routes::upload_document).layer(DefaultBodyLimit::max(documents::MAX_UPLOAD_BODY)))
        .route("/requests/documents/{token}", get(app::requests::routes::download_document))
        .route("/decisions/{id}/agenda.csv", get(app::decisions::export::export))
        .route("/api/v1/openapi.json", get(app::api_v1::openapi::openapi_json))
        .route("/api/v1/bank/batches", get(app::api_v1::routes::bank_batches))
        .route("/api/v1/bank/batches/{id}", get(app::api_v1::routes::bank_batch))
        .route("/api/v1/bank/results", post(app::api_v1::routes::bank_results).layer(DefaultBodyLimit::max(app::cards::export::MAX_RESULTS_BODY)))
        .route("/api/v1/verify", post(app::api_v1::routes::verify))
        .route("/api/v1/feed", get(app::api_v1::routes::feed))
        .route("/bank/batches/{id}/lines.csv", get(app::cards::export::batch_csv))
        .route("/bank/batches/{id}/lines.json", get(app::cards::export::batch_json))
        .route("/bank/photos/{line}", get(app::cards::export::photo))
        .route("/.well-known/yunju-ecard-keys.json", get(app::ecard::routes::public_keys))
        .route("/my-card/code.json", get(app::ecard::routes::new_code))
        .route("/live/changes", get(app::live::stream::changes))
        .route("/live/presence/{case}", post(app::live::presence::presence))
        .route("/my-card/photo", get(app::ecard::routes::holder_photo))
        .route("/verify/checks/{id}/photo", get(app::ecard::routes::check_photo))
        .route("/bank/results", post(app::cards::export::upload_results).layer(DefaultBodyLimit::max(app::cards::export::MAX_RESULTS_BODY)))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::shell))
        .layer(axum::middleware::from_fn_with_state(public_pages::PublicPages::default(), public_pages::answer_from_memory))
        .layer(axum::middleware::from_fn_with_state(state.leptos_options.hash_files, cache_hashed_assets))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::keep_form_errors_out_of_urls))
        .layer(axum::middleware::from_fn(errors::error_statuses))
        .layer(axum::middleware::from_fn_with_state(state.settings.clone(), security::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(state.settings.patience, serve::stalled_bodies))
        .layer(axum::middleware::from_fn_with_state(state.settings.clone(), security::security_headers))
        .layer(axum::middleware::from_fn_with_state(state.settings.clone(), security::client_address))
        .layer(axum::middleware::from_fn_with_state(state.settings.clone(), ops::request_log))
        // Pages, server functions and CSV on the fly; the site's files are served precompressed
        // (`.br`, `.gz` next to each file, written by build_site) and pass through untouched.
        .layer(compression())
        .with_state(state)
}

/// gzip at its fastest level, for what is worth compressing: not images, not PDFs (both compressed
/// already), not tiny bodies. Measured on 2 cores (wrk, /login, 16 connections, one run; issue 17):
/// uncompressed 5,258 req/s, gzip 4 4,156, Brotli 4 only 2,062 (each response sets up a large
/// Brotli encoder). The site's files, the big ones, are Brotli-compressed once at build time.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::predicate::Predicate> {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    let worth_it = SizeAbove::new(256)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("text/event-stream"));
    CompressionLayer::new().no_br().no_deflate().no_zstd().gzip(true).quality(CompressionLevel::Fastest).compress_when(worth_it)
}

/// `Cache-Control: public, max-age=31536000, immutable` on the hashed files of `/pkg/` (a new
/// build has new names); every other response keeps its own rules.
async fn cache_hashed_assets(
    axum::extract::State(hashed): axum::extract::State<bool>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let is_asset = hashed && request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if is_asset && response.status() == axum::http::StatusCode::OK {
        response
            .headers_mut()
            .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("public, max-age=31536000, immutable"));
    }
    response
}
