#!/usr/bin/env bash
# The restore drill (issue 14; docs/DEPLOY.md, "Backups and the restore drill"): backs up a
# database and its documents as DEPLOY.md says, then restores both somewhere new and checks that
# nothing was lost:
#   - every table has the same number of rows;
#   - every document the database names (applications, assessment reports, termination documents,
#     requests) is there, byte for byte (the SHA-256 recorded at upload);
#   - a server on the restored copy is ready (/readyz) and a demo official signs in and opens the queue.
# Prints its counts; exits non-zero on any difference.
#   scripts/restore-drill.sh [database] [uploads folder]     (default: the browser tests' database)
source "$(dirname "$0")/lib.sh"
start_local_postgres
db="${1:-yunju_e2e}"
uploads="${2:-$LOCAL/uploads}"
server_url="${DATABASE_URL%/*}"
source_url="$server_url/$db"
restored="yunju_restore_drill"
work="$(mktemp -d)"
trap '[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$work"' EXIT

# Rows per table, one "table count" line each.
table_counts() {
  psql "$1" -Atc "SELECT table_name || ' ' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text
                    FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
}
# Every stored document: "storage_key sha256".
stored_documents() {
  psql "$1" -Atc "SELECT storage_key || ' ' || sha256 FROM documents
                  UNION ALL SELECT storage_key || ' ' || sha256 FROM assessment_reports
                  UNION ALL SELECT storage_key || ' ' || sha256 FROM termination_documents
                  UNION ALL SELECT storage_key || ' ' || sha256 FROM request_documents"
}

# 1. The backup: the database first (pg_dump: one consistent snapshot), then the documents. A
#    document is written before the row that names it and never changed, so every file the dump
#    names is already in the folder when it is copied.
log "backing up $db and $uploads"
pg_dump -Fc -f "$work/db.dump" "$source_url"
mkdir -p "$uploads"
tar -C "$uploads" -cf "$work/documents.tar" .
before="$(table_counts "$source_url")"
printf '  database dump %s bytes, documents archive %s bytes\n' "$(stat -c %s "$work/db.dump")" "$(stat -c %s "$work/documents.tar")"

# 2. The restore, into a new database and a new folder (as on a new machine).
log "restoring into $restored and a new folder"
psql "$server_url/postgres" -qc "DROP DATABASE IF EXISTS $restored WITH (FORCE)" >/dev/null
psql "$server_url/postgres" -qc "CREATE DATABASE $restored" >/dev/null
pg_restore --no-owner --exit-on-error -d "$server_url/$restored" "$work/db.dump"
mkdir -p "$work/uploads"
tar -C "$work/uploads" -xf "$work/documents.tar"

# 3. The checks.
after="$(table_counts "$server_url/$restored")"
tables="$(wc -l <<<"$before")"
rows="$(awk '{ s += $2 } END { print s + 0 }' <<<"$before")"
if [ "$before" != "$after" ]; then
  echo "FAIL: the restored tables differ:"; diff <(echo "$before") <(echo "$after") || true; exit 1
fi
found=0 missing=0 changed=0
while read -r key sha; do
  [ -n "$key" ] || continue
  file="$work/uploads/${key:0:2}/$key"
  if [ ! -f "$file" ]; then missing=$((missing + 1)); echo "  missing: $key"; continue; fi
  if [ "$(sha256sum "$file" | cut -c1-64)" != "$sha" ]; then changed=$((changed + 1)); echo "  changed: $key"; continue; fi
  found=$((found + 1))
done < <(stored_documents "$server_url/$restored")
printf '  tables %d, rows %d: the same after the restore\n' "$tables" "$rows"
printf '  documents: %d restored byte for byte, %d missing, %d changed\n' "$found" "$missing" "$changed"
[ "$missing" = 0 ] && [ "$changed" = 0 ] || { echo "FAIL: documents lost"; exit 1; }
[ "$found" -gt 0 ] || { echo "FAIL: the drill found no documents to check (is $db the browser tests' database?)"; exit 1; }

# 4. A server on the restored copy: ready, and its data usable.
bin="${SERVER_BIN:-$CARGO_TARGET_DIR/debug/server}"
DATABASE_URL="$server_url/$restored" APP_STORAGE_UPLOADS_DIR="$work/uploads" APP_KEYS_DIR="$work/keys" RUST_LOG=warn \
  start_server "$bin" "${DRILL_PORT:-3400}" "$LOCAL/logs/restore-drill-server.log" || exit 1
BASE="http://127.0.0.1:${DRILL_PORT:-3400}"
ready="$(curl -s "$BASE/readyz")"
# An official of the copy signs in (the browser tests' database has the demo accounts; for a copy
# of production, DRILL_USER and DRILL_PASSWORD name a real account of the handling department).
cookie="$(curl -s -o /dev/null -D - -H 'Accept: application/json' --data-urlencode "username=${DRILL_USER:-handling}" --data-urlencode "password=${DRILL_PASSWORD:-Demo@2026}" "$BASE/api/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(yj_session=[^;]*\).*/\1/p' | head -n 1)"
queue="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE/review")"
printf '  the server on the restored copy: %s; the handling department signs in and opens its queue: %s\n' "$ready" "$queue"
[ -n "$cookie" ] && [ "$queue" = 200 ] || { echo "FAIL: the restored copy does not serve"; exit 1; }
echo "restore drill passed"
