#!/usr/bin/env bash
# Prints the size of the release WASM and JS glue, raw and gzip (-9), as served from target/site.
# Builds the release site first unless --no-build is given.
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" != "--no-build" ]; then
  ensure_wasm_target
  ensure_npm_deps
    build_site release >&2
fi
printf '%-28s %12s %12s\n' "file" "raw bytes" "gzip bytes"
for f in target/site/pkg/yunju.wasm target/site/pkg/yunju.js target/site/pkg/yunju.css; do
  [ -f "$f" ] || { echo "missing $f: build first" >&2; exit 1; }
  printf '%-28s %12d %12d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done
