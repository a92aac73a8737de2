#!/usr/bin/env bash
# Prints the figures the issues set goals for (never asserted in tests, which must not flake):
# - the release WASM and JS served to browsers, raw and gzip (issue 3 goal: WASM ≤ 250 KB gzip);
# - the server render time of the applicant's pages (p50 / p95 / max);
# - the time to commit a 1,000-case decision batch (issue 4 goal: ≤ 2 s);
# - the queue page's p95 at 10 k and 1 M applications (issue 4 goal: ratio ≤ 1.3);
# - a bank result file of 10,000 lines imported (issue 11 goal: ≤ 5 s), and the API's verify rate;
#   the counter's e-card QR check at 16 counters at once: checks/s and p99 (issue 12);
# - load (issue 14): provider verification at 1/16/64 clients beside pgbench on the same SQL,
#   64 users saving a section and loading the queue, the server's memory and connections;
# - live streams (issue 15): 500 open on one instance, memory and CPU at rest and under 50
#   transitions a second, the delay from a transition to its event at every stream.
source "$(dirname "$0")/lib.sh"
ensure_apt_build_tools
ensure_wasm_target
ensure_npm_deps
start_local_postgres
# The load generator of the HTTP rows (the load bench and bench-http.sh).
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
# Figures come from optimised code: the release site and release benches.
log "release site build"
build_site release >&2
log "what the browser downloads"
"$(dirname "$0")/wasm-size.sh" --no-build
log "server render time of the applicant's pages"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" cargo bench -p server --bench pages
log "a Leading Group decision batch of 1,000 cases"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" cargo bench -p server --bench decisions
log "a bank result file of 10,000 lines; the API's verify throughput; the e-card QR check"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" cargo bench -p server --bench cards
log "the reviewers' queue at 10 k and 1 M applications"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" cargo bench -p server --bench queue
log "a unit's queue of requests at 10 k and 100 k requests"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" cargo bench -p server --bench requests
log "load (issue 14): provider verification against pgbench's ceiling, 64 users saving and queueing, memory"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" PG_LOG="$LOCAL/pgsock/pg.log" cargo bench -p server --bench load
log "faults (issue 14): PostgreSQL restarted and one of two instances killed under load"
if [ "$LOCAL_DB" = 1 ]; then
  as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  restart="${as[*]} $(find_pg_bin)/pg_ctl -D $LOCAL/pgdata -l $LOCAL/pgsock/pg.log -w -m fast restart"
  DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" FAULT_PG_RESTART="$restart" cargo bench -p server --bench faults
else
  echo "(not run: the faults restart the project's own PostgreSQL, and DATABASE_URL names another server)"
fi
log "live streams (issue 15): 500 open streams, at rest and under 50 transitions a second"
DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres" cargo bench -p server --bench live
log "what a browser gets over HTTP: wrk at 1 and 16 kept-alive connections, bytes of a visit"
cargo build --release -p server >&2
"$(dirname "$0")/bench-http.sh"
