use tracing_subscriber::EnvFilter;

use server::{bind, config::Config, leptos_options, outbox, router, seed, spawn_cleanup, spawn_jobs, AppState, MIGRATOR};

/// mimalloc rather than glibc's malloc, which was 13 % of the server's CPU under load (perf). With
/// it the load bench's resident memory went from 147–162 MiB to 43–62 MiB (`--bench load`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config_path = std::env::var("APP_CONFIG").unwrap_or_else(|_| "Leptos.toml".into());
    let config = Config::load(&config_path)?;
    // Plain text for a terminal; JSON lines for a log collector, each with the request's span
    // (its id: ops::request_log).
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    match config.ops.log_format.as_str() {
        "json" => tracing_subscriber::fmt().json().with_current_span(true).with_span_list(false).with_env_filter(filter).init(),
        "text" => tracing_subscriber::fmt().with_env_filter(filter).init(),
        other => return Err(format!("ops.log_format is \"{other}\": it must be \"text\" or \"json\"").into()),
    }
    // `server rotate-ecard-key`: a new e-card signing key; old ones go once their tokens expired.
    if std::env::args().nth(1).as_deref() == Some("rotate-ecard-key") {
        let kid = app::ecard::keys::EcardKeys::rotate(&config.keys.dir, app::context::now_seconds())?;
        println!("new e-card signing key {kid} in {}", config.keys.dir.display());
        return Ok(());
    }
    std::fs::create_dir_all(&config.keys.dir)?;
    let files = server::storage::files(&config.storage)?;
    let secret = config.secret_key()?;
    let ecard = app::ecard::keys::EcardKeys::in_folder(&config.keys.dir)?;
    let options = server::pool_options(config.database.max_connections);
    // At start the database may still be coming up (a failover, a deploy): try for a minute.
    let mut tries = 0;
    let pool = loop {
        match options.clone().connect(&config.database.url).await {
            Ok(pool) => break pool,
            Err(e) if tries < 60 => {
                tries += 1;
                tracing::warn!(error = %e, "the database is not reachable yet; trying again");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
            Err(e) => return Err(e.into()),
        }
    };
    MIGRATOR.run(&pool).await?;
    // The card checks' own pool: its connections open when checks come.
    let checks = app::context::CheckPool(server::pool_options(config.database.check_connections).connect_lazy(&config.database.url)?);
    if config.features.seed_demo_accounts {
        seed::demo_accounts(&pool).await?;
    }
    spawn_cleanup(pool.clone());
    spawn_jobs(pool.clone());
    // E-mail notifications: the worker runs only when an SMTP server is configured; mails are
    // queued in email_outbox either way (server/src/outbox.rs).
    if config.mail.enabled() {
        outbox::spawn(pool.clone(), outbox::Mailer::new(&config.mail, secret)?);
        tracing::info!("e-mail notifications on");
    } else {
        tracing::info!("e-mail notifications off (mail.smtp_url is empty)");
    }
    let state = AppState { live: app::live::stream::Live::new(pool.clone()), pool, checks, leptos_options: leptos_options(&config), settings: config.settings(secret, ecard)?, files };
    let listener = bind(&config.site.addr).await?;
    tracing::info!(addr = %config.site.addr, "serving");
    let patience = state.settings.patience;
    server::serve::serve(listener, router(state), patience, shutdown()).await;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
