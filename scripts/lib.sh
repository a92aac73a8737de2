# Shared by the scripts: install what is missing, build the site, start the local database.
# Sourced, not run. Everything here is idempotent: a second run skips what is already in place.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Builds are cached outside the clone, so a fresh clone (CI) does not rebuild the world.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/yunju/target}"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
LOCAL="$ROOT/.local"
PG_PORT="${PG_PORT:-55432}"
# The compiled site (WASM, JS, CSS, public/ files): Leptos.toml's site.root, served by the server.
SITE="${YUNJU_SITE:-$ROOT/target/site}"
# Read by leptos at compile time: the pages then load /pkg/yunju.js and /pkg/yunju.wasm (as with
# cargo-leptos, which sets the same variable). Set for every build so that no build undoes another.
export LEPTOS_OUTPUT_NAME=yunju
# gcc links with mold when it finds mold's `ld` in COMPILER_PATH: the big test and server binaries
# link in a fraction of the time of GNU ld. An environment variable of gcc's, not a rustflag, so it
# changes no cargo fingerprint: a build without it (plain `cargo test`) reuses everything.
use_mold() {
  if [ -x /usr/libexec/mold/ld ]; then export COMPILER_PATH=/usr/libexec/mold; fi
}
use_mold

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The linker the builds use (mold, from apt); PostgreSQL comes with start_local_postgres,
# Chromium for the browser tests with ensure_chromium.
ensure_apt_build_tools() {
  if ! command -v mold >/dev/null; then
    log "installing mold from apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mold >/dev/null
  fi
  use_mold
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_npm_deps() {
  # wasm-opt (npm binaryen), lightningcss and esbuild for the site; playwright-core and axe-core
  # for the browser tests. All are prebuilt packages from the npm registry.
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing npm packages of end2end/"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# moto's S3-compatible server (PyPI) in .local/venv: the S3 backend's tests run against it (issue 14).
ensure_moto() {
  if [ ! -x "$LOCAL/venv/bin/moto_server" ]; then
    log "installing moto[server] from PyPI into .local/venv"
    python3 -m venv "$LOCAL/venv" && "$LOCAL/venv/bin/pip" install -q --disable-pip-version-check "moto[server]==5.*"
  fi
}

ensure_chromium() {
  # A CJK font, so screenshots of failures show Chinese text rather than empty boxes.
  if ! command -v chromium >/dev/null || ! dpkg -s fonts-wqy-zenhei >/dev/null 2>&1; then
    log "installing Debian's chromium and a CJK font (Playwright cannot download browsers here)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
  fi
}

# The site's files in $SITE: what cargo-leptos would make, in a few plain steps, with hashed names
# and each file also precompressed (.br, .gz).
#   build_site dev      the WASM in the dev profile, as the server of the tests (quick to build)
#   build_site release  the WASM in `wasm-release`, then wasm-opt -Oz and minified JS (bench, deployment)
# Needs ensure_wasm_target and ensure_npm_deps first.
build_site() {
  local profile="$1" wasm
  case "$profile" in
    dev)
      cargo build -p frontend -p scanner --lib --target wasm32-unknown-unknown || return 1
      wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/debug/frontend.wasm" ;;
    release)
      cargo build -p frontend -p scanner --lib --target wasm32-unknown-unknown --profile wasm-release || return 1
      wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm" ;;
    *) echo "build_site dev|release" >&2; return 2 ;;
  esac
  local out="$SITE/pkg" tmp="$SITE/pkg.new"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # wasm-bindgen, as a library pinned to the crate's version (tools/bindgen), in the dev profile.
  cargo run -q -p bindgen -- "$wasm" "$tmp" yunju || return 1
  # leptos asks for pkg/yunju.wasm (LEPTOS_OUTPUT_NAME at compile time); the hydration script
  # always passes that path to the JS glue.
  mv "$tmp/yunju_bg.wasm" "$tmp/yunju.wasm"
  if [ "$profile" = release ]; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$tmp/yunju.wasm" -o "$tmp/yunju.wasm" || return 1
    esbuild "$tmp/yunju.js" --minify --format=esm --log-level=warning --allow-overwrite --outfile="$tmp/yunju.js" || return 1
  fi
  lightningcss --minify --targets "defaults" "$ROOT/style/main.css" -o "$tmp/yunju.css" || return 1
  # Names with a hash of the content (yunju.<hash>.js …), listed in pkg/hash.txt for the server
  # (leptos' hash_files): a browser may keep them for a year, and a new build is new names.
  local ext hash
  : >"$tmp/hash.txt"
  for ext in js wasm css; do
    hash="$(sha256sum "$tmp/yunju.$ext" | cut -c1-16)"
    mv "$tmp/yunju.$ext" "$tmp/yunju.$hash.$ext"
    echo "$ext: $hash" >>"$tmp/hash.txt"
    node "$ROOT/scripts/precompress.mjs" "$tmp/yunju.$hash.$ext" || return 1
  done
  # The counter's QR reader (issue 12): its own module, next to public/scanner/index.js, which
  # only /verify loads (not hashed: a file of the site root, revalidated like the icons).
  local scanner="$tmp/scanner"
  mkdir -p "$scanner"
  cargo run -q -p bindgen -- "${wasm%/frontend.wasm}/scanner.wasm" "$scanner" scanner || return 1
  if [ "$profile" = release ]; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$scanner/scanner_bg.wasm" -o "$scanner/scanner_bg.wasm" || return 1
    esbuild "$scanner/scanner.js" --minify --format=esm --log-level=warning --allow-overwrite --outfile="$scanner/scanner.js" || return 1
  fi
  mkdir -p "$SITE"
  cp -r "$ROOT/public/." "$SITE/"
  rm -rf "$SITE/scanner.new" && mv "$scanner" "$SITE/scanner.new" && cp "$ROOT/public/scanner/index.js" "$SITE/scanner.new/"
  rm -rf "$SITE/scanner" && mv "$SITE/scanner.new" "$SITE/scanner"
  node "$ROOT/scripts/precompress.mjs" "$SITE/manifest.webmanifest" "$SITE/icon.svg" "$SITE/scanner/scanner_bg.wasm" "$SITE/scanner/scanner.js" || return 1
  rm -rf "$out" && mv "$tmp" "$out"
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
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
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

# Starts the built server in the background (PID in SERVER_PID) and waits until it answers.
#   start_server BINARY PORT LOGFILE   (DATABASE_URL and APP_* as exported by the caller)
start_server() {
  local bin="$1" port="$2" logfile="$3"
  mkdir -p "$(dirname "$logfile")"
  APP_SITE_ADDR="127.0.0.1:$port" APP_SITE_ROOT="$SITE" "$bin" >"$logfile" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    # Ready: database, migrations, keys and upload store (server/src/ops.rs).
    if curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.25
  done
  echo "the server did not come up; its log ($logfile):"; cat "$logfile"
  kill "$SERVER_PID" 2>/dev/null || true
  return 1
}

# For the measurements (bench-http.sh, lighthouse.sh): the release server on a fresh database of
# its own with the demo accounts, on port $1 (database $2); BASE is its address. Stopped on exit.
start_release_server_for() {
  local port="$1" db="$2"
  start_local_postgres
  local admin="${DATABASE_URL%/*}/postgres"
  psql "$admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  psql "$admin" -qc "CREATE DATABASE $db" >/dev/null
  DATABASE_URL="${DATABASE_URL%/*}/$db" APP_FEATURES_SEED_DEMO_ACCOUNTS=true RUST_LOG=warn \
    start_server "$CARGO_TARGET_DIR/release/server" "$port" "$LOCAL/logs/$db-server.log" || exit 1
  trap 'kill $SERVER_PID 2>/dev/null' EXIT
  BASE="http://127.0.0.1:$port"
}

# The session cookie of a demo account (`yj_session=…`), signed in through the server function.
session_of() {
  curl -s -o /dev/null -D - -H 'Accept: application/json' --data "username=$1&password=Demo@2026" "$BASE/api/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(yj_session=[^;]*\).*/\1/p' | head -n 1
}

# A new draft of the signed-in applicant (cookie $1); prints its id.
new_draft_of() {
  curl -s -o /dev/null -H 'Accept: application/json' -H "Cookie: $1" --data "" "$BASE/api/create_application"
  curl -s -H 'Accept: application/json' -H "Cookie: $1" --data "" "$BASE/api/my_applications" |
    grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2
}
