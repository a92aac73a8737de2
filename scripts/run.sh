#!/usr/bin/env bash
# Starts the site at http://127.0.0.1:3000: installs what is missing, starts the project's own
# PostgreSQL (unless DATABASE_URL is set), builds the server and the site, migrates, seeds the demo
# accounts (local mode only), and serves until Ctrl-C.
#   ./scripts/run.sh            dev build: the same build as the tests, quick on a fresh machine
#   ./scripts/run.sh --release  optimised server and size-optimised WASM, as deployed (slower to build)
source "$(dirname "$0")/lib.sh"
profile=dev
[ "${1:-}" = "--release" ] && profile=release

ensure_apt_build_tools
ensure_wasm_target
ensure_npm_deps
start_local_postgres
if [ "$LOCAL_DB" = 1 ]; then
  export APP_FEATURES_SEED_DEMO_ACCOUNTS=true
fi

# The server first, then the site: each build uses both cores on its own.
log "building the server ($profile)"
if [ "$profile" = release ]; then
  cargo build -p server --release
  bin="$CARGO_TARGET_DIR/release/server"
else
  cargo build -p server
  bin="$CARGO_TARGET_DIR/debug/server"
fi
log "building the site ($profile)"
build_site "$profile"
log "serving http://127.0.0.1:3000 (stop with Ctrl-C)"
export APP_SITE_ROOT="$SITE"
exec "$bin"
