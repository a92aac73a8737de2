#!/usr/bin/env bash
# The point-in-time-recovery drill (docs/DEPLOY.md, "Backups and the restore drill"): continuous
# archiving as DEPLOY.md says, then a mistake, then recovery to the moment before it, on a
# throwaway PostgreSQL cluster of its own (the project's server is only read from):
#   - a cluster with the WAL archived (`archive_mode = on`, `archive_command` into a folder), the
#     project's schema and data copied in, a base backup taken (`pg_basebackup`);
#   - change A (a recognisable row), the target time, then an operator's mistake (the whole
#     working-day calendar deleted) and change B (a recognisable row), the WAL archived;
#   - the cluster stopped as in a disaster, the base backup restored into a new folder with
#     `restore_command` and `recovery_target_time`, the archive replayed and the copy promoted;
#   - every logged table must have the row count it had at the target, change A be there,
#     change B not, and the deleted calendar be back.
# Prints its counts; exits non-zero on any difference. Cleans up on exit, even on failure.
#   scripts/pitr-drill.sh [database]   (default: the browser tests' database; if the server has no
#                                       such database, the schema of migrations/ is used instead)
source "$(dirname "$0")/lib.sh"
start_local_postgres
db="${1:-yunju_e2e}"
server_url="${DATABASE_URL%/*}"
port="${PITR_PORT:-55499}" port2="$(( ${PITR_PORT:-55499} + 1 ))"
# The folder of the server's own programs (find_pg_bin may name a folder of links to some of them).
bin="$(dirname "$(readlink -f "$(find_pg_bin)/pg_ctl")")"
work="$(mktemp -d)"
orig="$work/orig" restored="$work/restored" archive="$work/archive"
# initdb, pg_ctl and pg_basebackup run as the postgres system user when we are root (as lib.sh).
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); chown postgres: "$work"; fi
stop_cluster() { [ -f "$1/postmaster.pid" ] && "${as[@]}" "$bin/pg_ctl" -D "$1" -m immediate stop >/dev/null 2>&1; true; }
trap 'stop_cluster "$orig"; stop_cluster "$restored"; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
for p in "$port" "$port2"; do
  if (: </dev/tcp/127.0.0.1/"$p") 2>/dev/null; then fail "port $p is taken (set PITR_PORT to another)"; fi
done
sql() { psql -X -v ON_ERROR_STOP=1 -Atq "postgres://postgres@127.0.0.1:$1/yunju" -c "$2"; }
# Rows per table, one "table count" line each (as restore-drill.sh), of the logged tables
# (relpersistence $2 = p) or of the unlogged ones ($2 = u).
table_counts() {
  sql "$1" "SELECT c.relname || ' ' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', c.relname), false, true, '')))[1]::text
              FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
               AND c.relpersistence = '$2' ORDER BY c.relname"
}

# 1. The throwaway cluster, its WAL archived as it is written.
log "creating a throwaway cluster on port $port with its WAL archived"
"${as[@]}" mkdir -p "$orig" "$archive"
# Nothing here is synced to disk (initdb -N, fsync off, pg_basebackup -N): a throwaway cluster,
# and what is checked does not depend on it; with syncs the drill takes several times as long.
"${as[@]}" "$bin/initdb" -D "$orig" -U postgres -A trust -E UTF8 --no-locale -N >/dev/null
cat >>"$orig/postgresql.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work'
fsync = off
wal_level = replica
archive_mode = on
# Atomic: a copy cut short by a crash must never look like an archived segment.
archive_command = 'test ! -f $archive/%f && cp %p $archive/%f.part && mv $archive/%f.part $archive/%f'
EOF
"${as[@]}" "$bin/pg_ctl" -D "$orig" -l "$work/orig.log" -w start >/dev/null
psql -X -q "postgres://postgres@127.0.0.1:$port/postgres" -c "CREATE DATABASE yunju"

# 2. The project's schema and data: a copy of $db, or the migrations when the server has no $db
#    (plain SQL, each in one transaction as sqlx runs them).
if psql -X -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" "$server_url/postgres" | grep -q 1; then
  log "copying $db into it"
  pg_dump --no-owner --no-privileges "$server_url/$db" |
    psql -X -q -v ON_ERROR_STOP=1 "postgres://postgres@127.0.0.1:$port/yunju" >/dev/null
else
  log "no database $db on the server: applying migrations/ instead"
  for f in "$ROOT"/migrations/*.up.sql; do
    psql -X -q -v ON_ERROR_STOP=1 -1 -f "$f" "postgres://postgres@127.0.0.1:$port/yunju" >/dev/null
  done
fi

# 3. The nightly base backup.
log "taking a base backup (pg_basebackup)"
"${as[@]}" "$bin/pg_basebackup" -d "postgres://postgres@127.0.0.1:$port/postgres" -D "$work/base" -X stream -c fast -N

# 4. Change A, the target time, then the mistake and change B; the last WAL segment archived.
log "change A, the target time, the mistake, change B"
sql "$port" "INSERT INTO calendar_days (day, kind, note) VALUES ('2099-01-01', 'holiday', 'pitr drill: A, before the target')"
table_counts "$port" p >"$work/at-target.txt"
calendar="$(sql "$port" "SELECT count(*) FROM calendar_days")"
target="$(sql "$port" "SELECT clock_timestamp()")"
sleep 0.2
sql "$port" "DELETE FROM calendar_days"
sql "$port" "INSERT INTO calendar_days (day, kind, note) VALUES ('2099-01-02', 'holiday', 'pitr drill: B, after the target')"
left="$(sql "$port" "SELECT count(*) FROM calendar_days")"
segment="$(sql "$port" "SELECT pg_walfile_name(pg_switch_wal())")"
# Archived: the archiver has seen archive_command succeed (the file alone may be half copied).
archived() { [ "$(sql "$port" "SELECT coalesce(last_archived_wal >= '$segment', false) FROM pg_stat_archiver")" = t ]; }
for _ in $(seq 1 240); do
  if archived; then break; fi
  sleep 0.25
done
archived || fail "WAL segment $segment not archived after 60 s (log: $(tail -n 3 "$work/orig.log"))"
printf '  target %s; calendar_days: %s rows at the target, %s after the mistake; archive: %s segments\n' \
  "$target" "$calendar" "$left" "$(ls "$archive" | wc -l)"

# 5. The disaster, then the recovery: the base backup restored, the archive replayed to the target.
log "stopping the cluster; restoring the base backup and replaying the archive to the target"
stop_cluster "$orig"
"${as[@]}" cp -a "$work/base" "$restored"
cat >>"$restored/postgresql.conf" <<EOF
port = $port2
archive_mode = off
restore_command = 'cp $archive/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
EOF
"${as[@]}" touch "$restored/recovery.signal"
"${as[@]}" "$bin/pg_ctl" -D "$restored" -l "$work/restored.log" -w -t 60 start >/dev/null ||
  fail "the restored cluster did not start; its log: $(tail -n 5 "$work/restored.log")"
for _ in $(seq 1 240); do
  [ "$(sql "$port2" "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && break
  sleep 0.25
done
[ "$(sql "$port2" "SELECT pg_is_in_recovery()")" = f ] || fail "still recovering after 60 s; its log: $(tail -n 5 "$work/restored.log")"
grep -o 'recovery stopping before .*' "$work/restored.log" | sed 's/^/  /' || true

# 6. The checks.
table_counts "$port2" p >"$work/recovered.txt"
tables="$(wc -l <"$work/at-target.txt")"
rows="$(awk '{ s += $2 } END { print s + 0 }' "$work/at-target.txt")"
if ! diff "$work/at-target.txt" "$work/recovered.txt" >"$work/diff.txt"; then
  echo "FAIL: the recovered tables differ from the target:"; cat "$work/diff.txt"; exit 1
fi
a="$(sql "$port2" "SELECT count(*) FROM calendar_days WHERE day = '2099-01-01'")"
b="$(sql "$port2" "SELECT count(*) FROM calendar_days WHERE day = '2099-01-02'")"
back="$(sql "$port2" "SELECT count(*) FROM calendar_days")"
# Unlogged tables (rate limits, presence) are neither in a base backup nor in the WAL: a
# recovered copy has them empty, as after a crash (docs/SECURITY.md).
unlogged="$(table_counts "$port2" u)"
printf '  calendar_days after recovery: %s rows (%s at the target); change A: %s row, change B: %s rows\n' "$back" "$calendar" "$a" "$b"
[ -z "$unlogged" ] || printf '  unlogged tables, empty after recovery as by design: %s\n' "$(paste -sd, <<<"$unlogged" | sed 's/,/, /g')"
[ "$a" = 1 ] || fail "change A (before the target) was lost"
[ "$b" = 0 ] || fail "change B (after the target) was replayed"
[ "$back" = "$calendar" ] && [ "$calendar" -gt 1 ] || fail "the calendar deleted by the mistake is not back"
[ -z "$(awk '$2 != 0' <<<"$unlogged")" ] || fail "an unlogged table has rows after recovery"
printf 'PITR drill: tables %d, rows %d at the restore point: the same after recovery; change before the target: kept; change after the target: gone\n' "$tables" "$rows"
