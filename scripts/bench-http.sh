#!/usr/bin/env bash
# What a browser gets from the release server over HTTP (issue 17), on this machine's loopback:
# - requests/s, p50 and p99 with wrk at 1 and at 16 kept-alive connections, 5 s each, for the
#   anonymous /login, the handling department's queue, the applicant's task list and a static file,
#   and each page's rate as a share of the static file's;
# - the bytes of a first visit of the applicant's task list (HTML + CSS + JS + WASM, as a browser
#   asking for br/gzip receives them) and of a second visit (the assets are cached for a year).
# Run by scripts/bench.sh after the release build; never asserted (figures, not tests).
source "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
start_release_server_for "${BENCH_PORT:-3200}" yunju_bench_http
handling="$(session_of handling)"
applicant="$(session_of applicant)"
case_id="$(new_draft_of "$applicant")"
css="$(curl -s "$BASE/login" | grep -o '/pkg/yunju\.[0-9a-f]*\.css' | head -n 1)"

# name cookie path
targets=(
  "/login (anonymous)||/login"
  "/review (handling dept)|$handling|/review"
  "task list (applicant)|$applicant|/applications/$case_id"
  "static file ($css)||$css"
)
printf '%-28s %6s %10s %9s %9s %8s\n' "page" "conns" "req/s" "p50 ms" "p99 ms" "÷ static"
declare -A RATE=()
rows=()
for c in 1 16; do
  for t in "${targets[@]}"; do
    IFS='|' read -r name cookie path <<<"$t"
    args=(-t "$([ "$c" = 1 ] && echo 1 || echo 2)" -c "$c" -d 5s --latency -H 'Accept-Encoding: br, gzip')
    [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
    out="$(wrk "${args[@]}" "$BASE$path")"
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
    p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
    RATE["$c:$name"]="$rps"
    rows+=("$name|$c|$rps|$p50|$p99")
  done
done
ms() { # wrk prints 1.23ms / 456.78us / 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v/1000; else if (v ~ /ms$/) printf "%.2f", v+0; else if (v ~ /s$/) printf "%.2f", v*1000; else print v }'
}
for r in "${rows[@]}"; do
  IFS='|' read -r name c rps p50 p99 <<<"$r"
  static="${RATE["$c:static file ($css)"]}"
  share="$(awk -v a="$rps" -v b="$static" 'BEGIN { printf "%.0f %%", 100*a/b }')"
  printf '%-28s %6s %10.0f %9s %9s %8s\n' "$name" "$c" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$share"
done

echo
bytes() { curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br, gzip' -H "Cookie: $applicant" "$BASE$1"; }
page="/applications/$case_id"
html="$(curl -s --compressed -H "Cookie: $applicant" "$BASE$page")"
total=0
printf '%-44s %10s\n' "first visit of the applicant's task list" "bytes"
for path in "$page" $(grep -o '/pkg/yunju\.[0-9a-f]*\.\(css\|js\|wasm\)' <<<"$html" | sort -u); do
  n="$(bytes "$path")"
  total=$((total + n))
  printf '  %-42s %10d\n' "$path" "$n"
done
printf '  %-42s %10d\n' "in all (first visit)" "$total"
printf '  %-42s %10d\n' "second visit (the page; assets cached)" "$(bytes "$page")"
