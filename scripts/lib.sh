# Shared by scripts/run.sh and scripts/test.sh: install what is missing, start the local database.
# Sourced, not run. Everything here is idempotent: a second run skips what is already in place.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Builds are cached outside the clone, so a fresh clone (CI) does not rebuild the world.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/yunju/target}"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
LOCAL="$ROOT/.local"
PG_PORT="${PG_PORT:-55432}"
CARGO_LEPTOS_VERSION="0.3.10"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (slow once, ~15 min)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
  # The wasm-bindgen CLI must be exactly the library's version in Cargo.lock.
  local want
  want="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$want"; then
    log "installing wasm-bindgen-cli $want (slow once, ~5 min)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_npm_deps() {
  # wasm-opt (npm binaryen) for the release WASM, playwright-core for the browser tests.
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing npm packages of end2end/"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
}

ensure_chromium() {
  # A CJK font, so screenshots of failures show Chinese text rather than empty boxes.
  if ! command -v chromium >/dev/null || ! dpkg -s fonts-wqy-zenhei >/dev/null 2>&1; then
    log "installing Debian's chromium and a CJK font (Playwright cannot download browsers here)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei
  fi
}

find_pg_bin() {
  local d
  for d in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
}

# Starts the project's own PostgreSQL (data in .local/pgdata, port $PG_PORT) unless DATABASE_URL
# points elsewhere; exports DATABASE_URL for the app and the tests.
start_local_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    log "using DATABASE_URL from the environment"
    LOCAL_DB=0
    return
  fi
  LOCAL_DB=1
  local bin
  bin="$(find_pg_bin)"
  if [ -z "$bin" ]; then
    log "installing PostgreSQL from apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
    bin="$(find_pg_bin)"
  fi
  # initdb and postgres refuse to run as root: they run as the postgres system user.
  local as=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    as=(runuser -u postgres --)
  fi
  mkdir -p "$LOCAL/pgdata" "$LOCAL/pgsock"
  [ "$(id -u)" = 0 ] && chown postgres: "$LOCAL/pgdata" "$LOCAL/pgsock"
  chmod 700 "$LOCAL/pgdata"
  if [ ! -f "$LOCAL/pgdata/PG_VERSION" ]; then
    log "creating the local database cluster in .local/pgdata"
    "${as[@]}" "$bin/initdb" -D "$LOCAL/pgdata" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  fi
  if "${as[@]}" "$bin/pg_ctl" -D "$LOCAL/pgdata" status >/dev/null 2>&1; then
    log "local PostgreSQL already running on port $PG_PORT"
  elif psql "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -qtAc "SELECT 1" >/dev/null 2>&1; then
    # Another checkout's project-managed server holds the port: share it.
    log "a project PostgreSQL of another checkout is running on port $PG_PORT; using it"
  else
    log "starting local PostgreSQL on port $PG_PORT"
    "${as[@]}" "$bin/pg_ctl" -D "$LOCAL/pgdata" -l "$LOCAL/pgsock/pg.log" -w \
      -o "-p $PG_PORT -k $LOCAL/pgsock -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/yunju"
  ensure_database yunju
}

# Creates database $1 on the local server if it is missing.
ensure_database() {
  local url="postgres://postgres@127.0.0.1:$PG_PORT"
  if ! psql "$url/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; then
    psql "$url/postgres" -qc "CREATE DATABASE $1" >/dev/null
  fi
}
