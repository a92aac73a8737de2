#!/usr/bin/env bash
# Runs every test: unit and domain tests, database and HTTP tests (against the local PostgreSQL),
# then the browser tests (Playwright + Debian's Chromium) against the release build, with and
# without JavaScript. Ends with a pass/fail summary; exits non-zero if anything failed.
source "$(dirname "$0")/lib.sh"

ensure_rust_tools
ensure_npm_deps
ensure_chromium
start_local_postgres

declare -a RESULTS=()
FAILED=0
step() { # step NAME COMMAND... — runs it, records the outcome, carries on.
  local name="$1"; shift
  log "$name"
  local start=$SECONDS
  if "$@"; then
    RESULTS+=("PASS  $name ($((SECONDS - start)) s)")
  else
    RESULTS+=("FAIL  $name ($((SECONDS - start)) s)")
    FAILED=$((FAILED + 1))
  fi
}

# Unit, database and HTTP tests. #[sqlx::test] creates a fresh database per test on this server.
step "unit, database and HTTP tests" cargo test -p app -p server --features app/ssr

# Browser tests against the release build, on a fresh database of their own and their own port.
E2E_PORT="${E2E_PORT:-3100}"
browser_tests() {
  cargo leptos build --release || return 1
  local db="yunju_e2e"
  if [ "$LOCAL_DB" = 1 ]; then
    psql "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    ensure_database "$db"
    local url="postgres://postgres@127.0.0.1:$PG_PORT/$db"
  else
    local url="$DATABASE_URL"
  fi
  mkdir -p "$LOCAL"
  DATABASE_URL="$url" APP_FEATURES_SEED_DEMO_ACCOUNTS=true APP_SITE_ADDR="127.0.0.1:$E2E_PORT" \
    RUST_LOG=warn "$CARGO_TARGET_DIR/release/server" >"$LOCAL/e2e-server.log" 2>&1 &
  local pid=$!
  local ok=0
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$E2E_PORT/"; then ok=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ "$ok" != 1 ]; then
    echo "the server did not come up; its log:"; cat "$LOCAL/e2e-server.log"; kill "$pid" 2>/dev/null; return 1
  fi
  local rc=0
  (cd end2end && BASE_URL="http://127.0.0.1:$E2E_PORT" node --test --test-concurrency=1 tests/) || rc=$?
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  [ "$rc" = 0 ] || { echo "server log: .local/e2e-server.log; screenshots: end2end/screenshots/"; }
  return "$rc"
}
step "browser tests (JavaScript off and hydrated)" browser_tests

echo
log "summary"
printf '  %s\n' "${RESULTS[@]}"
PASSED=$(( ${#RESULTS[@]} - FAILED ))
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
