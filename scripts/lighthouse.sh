#!/usr/bin/env bash
# Lighthouse 12 (npm, pinned; 13 needs a newer Node than this machine's) with Debian's Chromium,
# phone form factor and its default slow-network simulation, against the release server: the four
# category scores of each page as its user sees it, in both languages. Figures, not a test.
# Needs the release server built (scripts/bench.sh builds it; or `cargo build --release -p server`
# and `source scripts/lib.sh; build_site release`).
source "$(dirname "$0")/lib.sh"
LH_VERSION=12.8.2
if [ ! -x "$LOCAL/lighthouse/node_modules/.bin/lighthouse" ]; then
  log "installing lighthouse $LH_VERSION into .local/lighthouse"
  mkdir -p "$LOCAL/lighthouse" && (cd "$LOCAL/lighthouse" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "lighthouse@$LH_VERSION")
fi
ensure_chromium
start_release_server_for "${LH_PORT:-3300}" yunju_lighthouse
case_id="$(new_draft_of "$(session_of applicant)")"

pages=("/|" "/eligibility|" "/login|" "/applications/$case_id|applicant" "/review|handling" "/dashboard|hrss" "/verify|hospital")
printf '%-24s %-4s %-10s %12s %14s %15s %5s\n' page lang as performance accessibility best-practices seo
for lang in zh en; do
  for p in "${pages[@]}"; do
    IFS='|' read -r path who <<<"$p"
    cookie="lang=$lang"
    [ -n "$who" ] && cookie="$cookie; $(session_of "$who")"
    out="$LOCAL/lighthouse/report.json"
    CHROME_PATH=/usr/bin/chromium "$LOCAL/lighthouse/node_modules/.bin/lighthouse" "$BASE$path" --quiet \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync" \
      --extra-headers="{\"Cookie\": \"$cookie\"}" --output=json --output-path="$out" >/dev/null 2>&1 || { echo "$path: lighthouse failed"; continue; }
    node -e '
      const r = require(process.argv[1]); const c = r.categories;
      const s = (k) => Math.round(c[k].score * 100);
      console.log(process.argv[2].padEnd(24), process.argv[3].padEnd(4), (process.argv[4] || "-").padEnd(10),
        String(s("performance")).padStart(12), String(s("accessibility")).padStart(14),
        String(s("best-practices")).padStart(15), String(s("seo")).padStart(5));
      for (const k of Object.keys(c)) for (const ref of c[k].auditRefs) {
        const a = r.audits[ref.id]; if (ref.weight > 0 && a.score !== null && a.score < 1) console.log("    " + k + ": " + a.id + " (" + a.title + ")");
      }' "$out" "$path" "$lang" "$who"
  done
done
