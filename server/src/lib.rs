//! The axum server: configuration, state, routes, the e-mail worker. The application itself lives in `app`.
pub mod config;
pub mod outbox;
pub mod seed;

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
    pub leptos_options: LeptosOptions,
    pub settings: Settings,
    /// Where uploads are kept (local disk by default: `storage.uploads_dir`).
    pub files: Files,
}

pub fn leptos_options(config: &config::Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(config.site.output_name.clone())
        .site_root(config.site.root.clone())
        .site_pkg_dir(config.site.pkg_dir.clone())
        .site_addr(config.site.addr.parse::<std::net::SocketAddr>().unwrap_or_else(|_| std::net::SocketAddr::from(([127, 0, 0, 1], 3000))))
        .build()
}

/// Every route of the site: the language switch, the pages and server functions, static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let context = {
        let (pool, settings) = (state.pool.clone(), state.settings.clone());
        move || {
            provide_context(pool.clone());
            provide_context(settings.clone());
        }
    };
    Router::new()
        .route("/lang/{code}", get(app::i18n::switch_language))
        // Uploads: a 10 MB file is refused with a message, so the body may be a little larger
        // than that; the handler reads to the end and keeps nothing over 10 MB.
        .route("/applications/{id}/documents", post(documents::upload).layer(DefaultBodyLimit::max(24 * 1024 * 1024)))
        .route("/documents/{token}", get(documents::download))
        .route("/documents/{token}/remove", post(documents::remove))
        .route("/review/{id}/audit.csv", get(app::workflow::audit::export))
        .route("/review/queue.csv", get(app::review::export::export))
        .route("/decisions/{id}/agenda.csv", get(app::decisions::export::export))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, app::shell))
        .with_state(state)
}
