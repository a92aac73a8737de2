#!/usr/bin/env bash
# Starts the site at http://127.0.0.1:3000: installs what is missing, starts the project's own
# PostgreSQL (unless DATABASE_URL is set), migrates, seeds the demo accounts (local mode only).
source "$(dirname "$0")/lib.sh"

ensure_rust_tools
ensure_npm_deps
start_local_postgres
if [ "$LOCAL_DB" = 1 ]; then
  export APP_FEATURES_SEED_DEMO_ACCOUNTS=true
fi
log "building and serving (release); stop with Ctrl-C"
exec cargo leptos serve --release
