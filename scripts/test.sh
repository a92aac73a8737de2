#!/usr/bin/env bash
# Runs every test: unit and domain tests, database and HTTP tests (against the local PostgreSQL),
# then the browser tests (Playwright + Debian's Chromium) against the dev build of the server and
# the site, with and without JavaScript. Ends with a table of what each step took and a pass/fail
# summary; exits non-zero if anything failed.
#
# Everything builds in the dev profile, once: the server the browser tests run is the one the Rust
# tests built, and the WASM shares its build scripts and macros. The builds use both cores on their
# own, so they run one after the other; only Chromium's install (network and disk) overlaps them.
source "$(dirname "$0")/lib.sh"
mkdir -p "$LOCAL/logs"

declare -a TIMES=()
FAILED=0
T0=$SECONDS
record() { # record NAME SECONDS RC
  local status=PASS
  [ "$3" = 0 ] || { status=FAIL; FAILED=$((FAILED + 1)); }
  TIMES+=("$(printf '%-4s  %-58s %5d s' "$status" "$1" "$2")")
}
step() { # step NAME COMMAND... — runs it in the foreground, records the outcome, carries on.
  local name="$1"; shift
  log "$name"
  local start=$SECONDS rc=0
  "$@" || rc=$?
  record "$name" $((SECONDS - start)) "$rc"
  return "$rc"
}
declare -A BG_PID=() BG_LOG=()
bg_step() { # bg_step NAME COMMAND... — starts it in the background, its output in a log file.
  local name="$1"; shift
  local logfile
  logfile="$LOCAL/logs/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-' | cut -c1-40).log"
  log "$name (in the background, log: ${logfile#"$ROOT"/})"
  ( start=$SECONDS; rc=0; "$@" >"$logfile" 2>&1 || rc=$?; echo "$((SECONDS - start)) $rc" >"$logfile.result"; exit "$rc" ) &
  BG_PID[$name]=$!
  BG_LOG[$name]=$logfile
}
bg_wait() { # bg_wait NAME — waits for a background step, records it, shows its log if it failed.
  local name="$1" secs rc
  wait "${BG_PID[$name]}" || true
  read -r secs rc <"${BG_LOG[$name]}.result" || { secs=0; rc=1; }
  record "$name (background)" "$secs" "$rc"
  if [ "$rc" != 0 ]; then
    echo "--- ${BG_LOG[$name]} (last 60 lines) ---"; tail -n 60 "${BG_LOG[$name]}"
  fi
  return "$rc"
}

prepare() {
  ensure_apt_build_tools && ensure_wasm_target && ensure_npm_deps && start_local_postgres
}
step "prepare: apt (mold, PostgreSQL), wasm32 target, npm, database" prepare || { echo "cannot go on"; exit 1; }

bg_step "Debian's Chromium and a CJK font" ensure_chromium
# moto's S3 server (PyPI) for the two-instance test; without it that one test fails, and says why.
step "moto (an S3-compatible server, for the two-instance test)" ensure_moto || true

# Unit, database and HTTP tests (one binary for server/tests: tests/it). #[sqlx::test] creates a
# fresh database per test on this server. Building them also builds the server binary that the
# browser tests run (target/debug/server).
# They run under a watchdog: they take about a minute, and a test that never ends (as a page
# render once did) must fail the run here, not stall CI until its limit.
# The two-instance test (tests/it/instances.rs) starts moto's S3 server from the venv.
rust_tests() {
  cargo test -p app -p server --features app/ssr --no-run &&
    YUNJU_MOTO_SERVER="$LOCAL/venv/bin/moto_server" timeout -k 10 900 cargo test -p app -p server --features app/ssr
}
step "unit, database and HTTP tests (build + run)" rust_tests || true
# The benches (scripts/bench.sh runs them, optimised) are built here too, unoptimised, so that they
# cannot rot unnoticed; the dev build of the dependencies is shared, so this takes seconds.
step "benches compile" cargo test -p server --features app/ssr --benches --no-run || true

site_ok=0
step "site: WASM (dev), wasm-bindgen, CSS, assets" build_site dev && site_ok=1 || true

# Browser tests against the dev server and site, on a fresh database of their own and their own port.
E2E_PORT="${E2E_PORT:-3100}"
browser_tests() {
  local db="yunju_e2e" url
  if [ "$LOCAL_DB" = 1 ]; then
    psql "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    ensure_database "$db"
    url="postgres://postgres@127.0.0.1:$PG_PORT/$db"
  else
    url="$DATABASE_URL"
  fi
  # The whole log is kept, as JSON lines (as deployed): the last browser test reads every line for
  # personal data, passwords and session tokens (issue 14).
  # Every browser test registers from 127.0.0.1: more accounts an hour than one real address makes.
  DATABASE_URL="$url" APP_FEATURES_SEED_DEMO_ACCOUNTS=true APP_FEATURES_REGISTER_PER_HOUR=10000 APP_OPS_LOG_FORMAT=json RUST_LOG=info,sqlx=warn \
    start_server "$CARGO_TARGET_DIR/debug/server" "$E2E_PORT" "$LOCAL/e2e-server.log" || return 1
  local first="$SERVER_PID" second_port=$((E2E_PORT + 1))
  # A second instance on the same database and upload store, as behind a load balancer: the live
  # test's second official works on it (a change made on one is heard on the other, issue 15).
  DATABASE_URL="$url" APP_FEATURES_SEED_DEMO_ACCOUNTS=true APP_FEATURES_REGISTER_PER_HOUR=10000 APP_OPS_LOG_FORMAT=json RUST_LOG=info,sqlx=warn \
    start_server "$CARGO_TARGET_DIR/debug/server" "$second_port" "$LOCAL/e2e-server-2.log" || { kill "$first"; return 1; }
  local second="$SERVER_PID" rc=0
  rm -f end2end/.urls.log end2end/.typed.log
  (cd end2end && BASE_URL="http://127.0.0.1:$E2E_PORT" BASE_URL_2="http://127.0.0.1:$second_port" E2E_DATABASE_URL="$url" \
    SERVER_LOG="$LOCAL/e2e-server.log" SERVER_LOG_2="$LOCAL/e2e-server-2.log" node --test --test-concurrency=1 tests/) || rc=$?
  kill "$first" "$second" 2>/dev/null; wait "$first" "$second" 2>/dev/null || true
  [ "$rc" = 0 ] || { echo "server log: .local/e2e-server.log; screenshots: end2end/screenshots/"; }
  return "$rc"
}
chromium_ok=0
bg_wait "Debian's Chromium and a CJK font" && chromium_ok=1
if [ "$site_ok" = 1 ] && [ "$chromium_ok" = 1 ] && [ -x "$CARGO_TARGET_DIR/debug/server" ]; then
  step "browser tests (JavaScript off and hydrated)" browser_tests || true
else
  record "browser tests (not run: the site, Chromium or the server did not build)" 0 1
fi

# The restore drill (docs/DEPLOY.md): the browser tests' database and documents backed up,
# restored elsewhere, and checked row for row and byte for byte.
browser_ran=0
[ "$site_ok" = 1 ] && [ "$chromium_ok" = 1 ] && [ -x "$CARGO_TARGET_DIR/debug/server" ] && browser_ran=1
if [ "$LOCAL_DB" = 1 ] && [ "$browser_ran" = 1 ]; then
  step "restore drill (backup, restore, check)" "$ROOT/scripts/restore-drill.sh" yunju_e2e "$LOCAL/uploads" || true
fi
# Point-in-time recovery (docs/DEPLOY.md), on a throwaway cluster of its own: base backup, WAL
# archive, a mistake, recovery to the moment before it.
if [ "$LOCAL_DB" = 1 ]; then
  step "point-in-time recovery drill (base backup, WAL, recover)" "$ROOT/scripts/pitr-drill.sh" yunju_e2e || true
fi

echo
log "what each step took (background steps overlap the foreground)"
printf '  %s\n' "${TIMES[@]}"
printf '  %-4s  %-58s %5d s\n' "" "wall, in all" $((SECONDS - T0))
[ "$FAILED" = 0 ] && echo "all steps passed" || echo "$FAILED step(s) failed"
[ "$FAILED" = 0 ]
