#!/usr/bin/env bash
# Builds the browser version of trustmap into wasm/dist/: a static site (index.html, trustmap.js, trustmap_bg.wasm)
# that any static file server can host. Installs what it needs when missing: the wasm32 Rust target and
# wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
#
# wasm-opt shrinks the .wasm further: the one from npm's binaryen in wasm/test (installed by `npm ci` there, as
# wasm/run-tests.sh and .ci/run do), else WASM_OPT or one on PATH; without any, the site is built without it.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=wasm/dist
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
now() { date +%s; }
started=$(now)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "build.sh: no wasm-bindgen crate in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  echo "installing wasm-bindgen-cli $bindgen_version (must equal the wasm-bindgen crate in Cargo.lock)"
  step=$(now)
  # Not --locked: the CLI's own lockfile pins a webpki-roots release the registry does not serve.
  env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli --version "$bindgen_version"
  echo "wasm-bindgen-cli installed in $(( $(now) - step )) s"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
    echo "build.sh: wasm-bindgen $bindgen_version is still not the one on PATH (is ~/.cargo/bin on PATH?)" >&2
    exit 1
  fi
fi

# A panic location inside a dependency names its file by cargo's registry path
# (/home/me/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/egui-0.37.0/src/context.rs): about 380 of them, 22 KB
# of the wasm. Written from the crate's own directory on (egui-0.37.0/src/context.rs) they say as much, and leave the
# builder's home directory out. --config adds to the rustflags of .cargo/config.toml (cargo joins arrays).
remap=()
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  if [ -d "$registry" ]; then
    remap+=(--config "target.wasm32-unknown-unknown.rustflags = ['--remap-path-prefix=$registry=']")
  fi
done

step=$(now)
cargo build --locked --profile web --target wasm32-unknown-unknown --bin trustmap ${remap[@]+"${remap[@]}"}
echo "cargo build (profile web) took $(( $(now) - step )) s"

rm -rf "$dist"
mkdir -p "$dist"
# Without the name section (function names for stack traces: 0.56 MB raw); a panic's message and source line
# still reach the page and the console.
wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$dist" \
  "$target_dir/wasm32-unknown-unknown/web/trustmap.wasm"
wasm="$dist/trustmap_bg.wasm"

# wasm-opt is optional: WASM_OPT=/path/to/wasm-opt, else one on PATH. Debian's (version 108) corrupts
# wasm-bindgen's output, so versions before 120 are refused (an explicit WASM_OPT) or skipped (one on PATH).
npm_wasm_opt=wasm/test/node_modules/.bin/wasm-opt
if [ -z "${WASM_OPT:-}" ] && [ -x "$npm_wasm_opt" ]; then
  WASM_OPT=$npm_wasm_opt
fi
wasm_opt="${WASM_OPT:-$(command -v wasm-opt || true)}"
if [ -z "$wasm_opt" ]; then
  echo "build.sh: no wasm-opt (run npm ci in wasm/test for binaryen 132); the .wasm is not optimised further"
fi
if [ -n "$wasm_opt" ]; then
  opt_version=$("$wasm_opt" --version | awk '{ print $3 }')
  if [ "${opt_version:-0}" -ge 120 ] 2>/dev/null; then
    step=$(now)
    # --low-memory-unused (35 KB less) lets wasm-opt fold constant offsets into loads and stores, which is only
    # wrong for an address that wraps around into the lowest 1 KB; Rust's wasm never does that (the stack sits at
    # the bottom, below 1 MB, and is addressed directly). --zero-filled-memory gave the same bytes.
    "$wasm_opt" -Oz --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd "$wasm" -o "$wasm.opt"
    mv "$wasm.opt" "$wasm"
    echo "wasm-opt $opt_version -Oz took $(( $(now) - step )) s"
  elif [ -n "${WASM_OPT:-}" ]; then
    echo "build.sh: $wasm_opt is version $opt_version; use binaryen 120 or newer (npm binaryen@132)" >&2
    exit 1
  else
    echo "skipping $wasm_opt: version $opt_version is too old (npm binaryen@132 works)"
  fi
fi

cp wasm/index.html assets/fonts/TrustmapSans-Regular.ttf "$dist/"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
awk -v dist="$dist" -v s="$(( $(now) - started ))" -v raw="$raw" -v gz="$gz" \
  'BEGIN { printf "built %s in %s s: trustmap_bg.wasm %.2f MB raw, %.2f MB gzip -9\n", dist, s, raw / 1e6, gz / 1e6 }'
font=$(stat -c %s "$dist/TrustmapSans-Regular.ttf")
font_gz=$(gzip -9 -c "$dist/TrustmapSans-Regular.ttf" | wc -c)
awk -v raw="$font" -v gz="$font_gz" 'BEGIN { printf "font (fetched beside it): %.2f MB raw, %.2f MB gzip -9\n", raw / 1e6, gz / 1e6 }'
