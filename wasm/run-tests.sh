#!/usr/bin/env bash
# The browser test, end to end: builds the site (wasm/build.sh), serves it on a free 127.0.0.1 port, runs the
# tests in headless Chromium (wasm/test, playwright-core with Debian's /usr/bin/chromium) and stops the server,
# also on failure. Needs node/npm and chromium (`apt-get install chromium fonts-dejavu-core`); installs the test's
# npm packages when missing. Extra arguments go to the runner (e.g. `--only panic`).
# Set SKIP_BUILD=1 to test the wasm/dist that is already there.
set -euo pipefail
cd "$(dirname "$0")"
server=""
ran=0
finish() {
  local status=$?
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ "$ran" = 0 ] && [ "$status" != 0 ]; then echo "browser: 0 passed, 1 failed (the tests did not get to run)"; fi
  exit "$status"
}
trap finish EXIT

# First the npm packages: the test's driver, and binaryen's wasm-opt, which the build uses.
if [ ! -d test/node_modules/playwright-core ] || [ ! -x test/node_modules/.bin/wasm-opt ]; then
  (cd test && npm ci --no-audit --no-fund)
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./build.sh
fi

# The bundle's budget: 6 MB raw and 2.5 MB gzip for the .wasm (the font is fetched beside it). New code that grows
# it past that fails here, not in a reviewer's browser (NOTES.md says what has kept it under so far).
raw=$(stat -c %s dist/trustmap_bg.wasm)
gz=$(gzip -9 -c dist/trustmap_bg.wasm | wc -c)
if [ "$raw" -gt 6000000 ] || [ "$gz" -gt 2500000 ]; then
  echo "run-tests.sh: dist/trustmap_bg.wasm is $raw bytes raw and $gz gzip, over the budget of 6000000 and 2500000" >&2
  exit 1
fi
echo "trustmap_bg.wasm: $raw bytes raw, $gz gzip (budget 6000000 and 2500000)"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
./serve.sh "$port" > /dev/null 2>&1 &
server=$!
for _ in $(seq 100); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html', timeout=1)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "run-tests.sh: the server did not start" >&2
    exit 1
  fi
  sleep 0.1
done

ran=1
node test/run.mjs --url "http://127.0.0.1:$port/" "$@"
