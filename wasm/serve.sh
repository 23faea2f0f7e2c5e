#!/usr/bin/env bash
# Serves the built site (wasm/dist, from wasm/build.sh) on http://127.0.0.1:PORT/ (default 8765) until stopped.
# Any static file server works; Python's serves .wasm as application/wasm, which streaming compilation needs.
set -euo pipefail
cd "$(dirname "$0")"
port="${1:-8765}"
if [ ! -f dist/index.html ]; then
  echo "serve.sh: wasm/dist is missing; run wasm/build.sh first" >&2
  exit 2
fi
echo "serving wasm/dist on http://127.0.0.1:$port/"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
