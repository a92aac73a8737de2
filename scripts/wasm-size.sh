#!/usr/bin/env bash
# Prints the size of the release WASM, JS glue and CSS as built in target/site/pkg (names hashed):
# raw, gzip -9 and Brotli 11, the last two as served to browsers that accept them.
# Builds the release site first unless --no-build is given.
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" != "--no-build" ]; then
  ensure_wasm_target
  ensure_npm_deps
    build_site release >&2
fi
printf '%-10s %12s %12s %12s\n' "file" "raw bytes" "gzip bytes" "brotli bytes"
for ext in wasm js css; do
  f="$(ls target/site/pkg/yunju.*."$ext" 2>/dev/null | head -n 1)"
  [ -n "$f" ] && [ -f "$f.br" ] || { echo "missing target/site/pkg/yunju.*.$ext: build first" >&2; exit 1; }
  printf '%-10s %12d %12d %12d\n' "yunju.$ext" "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
done
# The counter's QR reader (issue 12): a module of its own, downloaded by /verify only.
for f in target/site/scanner/scanner_bg.wasm target/site/scanner/scanner.js; do
  [ -f "$f.br" ] || { echo "missing $f: build first" >&2; exit 1; }
  printf '%-10s %12d %12d %12d   (/verify only)\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
done
