# Shared set-up for the portal's commands. Each step installs what is missing and skips
# what is already there. Sourced by .ci/serve, .ci/test and .ci/bench.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

die() { printf '\n错误：%s\n' "$*" >&2; exit 1; }

# Each step starts a phase of the command; print_phase_times lists their wall times.
PHASE_NAMES=()
PHASE_STARTS=()
step() {
  printf '\n== %s\n' "$*"
  PHASE_NAMES+=("$*")
  PHASE_STARTS+=("$(now_seconds)")
}

# Seconds since the epoch, with microseconds (a point, whatever the locale).
now_seconds() {
  local t=${EPOCHREALTIME:-$(date +%s.%N)}
  printf '%s\n' "${t/,/.}"
}

# The wall time of every phase so far, each until the next one started (the last until now).
print_phase_times() {
  local now i
  [ "${#PHASE_NAMES[@]}" -gt 0 ] || return 0
  now=$(now_seconds)
  printf '\n== time per phase\n'
  for i in "${!PHASE_NAMES[@]}"; do
    printf '%s\t%s\t%s\n' "${PHASE_STARTS[$i]}" "${PHASE_STARTS[$((i + 1))]:-$now}" "${PHASE_NAMES[$i]}"
  done | LC_ALL=C awk -F '\t' '
    function row(s, name) { r = int(s + 0.5); printf "%9.1f %6d:%02d  %s\n", s, int(r / 60), r % 60, name }
    BEGIN { printf "%9s %9s  %s\n", "seconds", "min:s", "phase" }
    { total += $2 - $1; row($2 - $1, $3) }
    END { row(total, "total") }'
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  step "apt: installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
    || { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
}

# The release rust-toolchain.toml pins. A machine whose stable toolchain is that very release
# names it so instead of downloading it again.
ensure_toolchain() {
  local want
  want=$(sed -n 's/^channel *= *"\(.*\)"$/\1/p' "$ROOT/rust-toolchain.toml")
  [ -n "$want" ] || die "rust-toolchain.toml 中没有 channel"
  if rustup run "$want" rustc --version >/dev/null 2>&1; then
    echo "Rust $want: present"
  elif rustup run stable rustc --version 2>/dev/null | grep -q "^rustc $want "; then
    step "rustup: the stable toolchain is Rust $want; naming it $want"
    rustup toolchain link "$want" "$(rustup run stable rustc --print sysroot)"
  else
    step "rustup: installing Rust $want"
    rustup toolchain install "$want" --profile minimal --component clippy,rustfmt \
      --target wasm32-unknown-unknown
  fi
}

# The wasm32 target, for the browser's WebAssembly.
ensure_wasm_target() {
  ensure_toolchain
  if [ -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
    echo "wasm32-unknown-unknown: present"
  else
    step "rustup: adding wasm32-unknown-unknown"
    # A linked toolchain takes targets through the toolchain it names.
    rustup target add wasm32-unknown-unknown \
      || rustup target add --toolchain stable wasm32-unknown-unknown
  fi
}

# Checks that node and npm are there and that node is at least the version the package.json
# of a package directory asks for ("engines": {"node": ">=20"}).
require_node() {
  local dir=$1 want have
  want=$(sed -n 's/.*"node": *">= *\([0-9][0-9.]*\)".*/\1/p' "$dir/package.json" | head -n 1)
  [ -n "$want" ] || die "$dir/package.json 中没有 engines.node（例如 \">=20\"）"
  command -v node >/dev/null && command -v npm >/dev/null \
    || die "需要 node 和 npm（Node.js $want 或更新）"
  have=$(node -p process.versions.node)
  [ "$(printf '%s\n' "$want" "$have" | sort -V | head -n 1)" = "$want" ] \
    || die "$dir 的 npm 包需要 Node.js $want 或更新，当前是 $have：请先升级 Node.js"
}

# Installs a package directory's npm packages exactly as its lockfile says (npm ci, refusing
# any package whose engines exclude this Node.js), unless that lockfile is already installed.
npm_ci_once() {
  local dir=$1 what=$2
  require_node "$dir"
  if [ -f "$dir/node_modules/.package-lock.json" ] \
     && cmp -s "$dir/package-lock.json" "$dir/node_modules/.ci-installed-lock" 2>/dev/null; then
    echo "$dir npm packages: present"
  else
    step "npm: installing $dir packages ($what)"
    (cd "$dir" && npm ci --engine-strict --no-audit --no-fund)
    cp "$dir/package-lock.json" "$dir/node_modules/.ci-installed-lock"
  fi
}

# Node packages of end2end/: Playwright and axe. @axe-core/playwright
# 4.13.0 is the newest that runs on Node.js 20 (4.14 asks for 22.12); package.json overrides
# its axe-core to 4.14.1, the rules the pages are checked against.
ensure_npm_packages() {
  npm_ci_once end2end "no browser download"
}

# Node packages of bench/: Lighthouse, for ./.ci/bench only.
ensure_bench_packages() {
  npm_ci_once bench "Lighthouse"
  [ -x bench/node_modules/.bin/lighthouse ] || die "Lighthouse (bench/node_modules) 不可用"
}

ensure_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    echo "chromium: present"
  else
    apt_install chromium
  fi
  export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
}

# Real Chinese fonts, as any Chinese desktop has: pages and posters are measured with them
# (without, every character is a box of one fixed size and long names never wrap).
ensure_cjk_fonts() {
  if dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
    echo "fonts-noto-cjk: present"
  else
    apt_install fonts-noto-cjk
  fi
}

# The sqlite3 command: the offline spec counts the reports the server holds with it.
ensure_sqlite3() {
  if command -v sqlite3 >/dev/null 2>&1; then
    echo "sqlite3: present"
  else
    apt_install sqlite3
  fi
}

# The wasm-bindgen CLI at the version Cargo.lock gives the wasm-bindgen crate (the two must be
# equal, or the glue does not match the module). Installed with cargo from crates.io.
ensure_wasm_bindgen() {
  local want have
  want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
  [ -n "$want" ] || die "Cargo.lock 中没有 wasm-bindgen"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
  if [ "$have" = "$want" ]; then
    echo "wasm-bindgen $want: present"
  else
    step "cargo install wasm-bindgen-cli $want${have:+ (was $have)}"
    # Not --locked: its lockfile names a webpki-roots the registry no longer serves. Without
    # its default TLS (only its test runner downloads anything), without LTO and with 16
    # codegen units: it only turns one module into another, and builds faster on 2 cores.
    CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install wasm-bindgen-cli --version "$want" --no-default-features --force
  fi
}

# What the browser build needs: the wasm32 target, the wasm-bindgen CLI, and from npm
# (browser/package.json) binaryen's wasm-opt (Debian's binaryen is too old for Rust's output)
# and terser for the glue.
ensure_browser_tools() {
  ensure_wasm_target
  ensure_wasm_bindgen
  npm_ci_once browser "binaryen's wasm-opt, terser"
}

# The browser's WebAssembly modules the pages load (browser/, one build per feature: `forms`
# is portal.wasm, `chart` is chart.wasm; with arguments, those features: `ask` is ask.wasm,
# the Q&A without a network, which no page loads yet and ./.ci/measure-wasm weighs): the cdylib for wasm32 on the wasm-release profile,
# wasm-bindgen's glue for the web, wasm-opt -Oz on the module and terser on the glue; into
# target/browser, where `server site` takes them from.
build_browser() {
  [ "$#" -gt 0 ] || set -- forms chart
  ensure_browser_tools
  step "the browser's WebAssembly (browser/: cargo, wasm-bindgen, wasm-opt -Oz, terser)"
  rm -rf "$ROOT/target/browser"
  local feature name
  for feature in "$@"; do
    name=$([ "$feature" = forms ] && echo portal || echo "$feature")
    cargo build --locked -p browser --features "$feature" --target wasm32-unknown-unknown \
      --profile wasm-release
    wasm-bindgen --target web --no-typescript --out-dir "$ROOT/target/browser" --out-name "$name" \
      "$ROOT/target/wasm32-unknown-unknown/wasm-release/browser.wasm"
    "$ROOT/browser/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
      "$ROOT/target/browser/${name}_bg.wasm" -o "$ROOT/target/browser/${name}_bg.wasm"
    "$ROOT/browser/node_modules/.bin/terser" "$ROOT/target/browser/$name.js" --module \
      --compress passes=2 --mangle -o "$ROOT/target/browser/$name.js"
  done
}

# The release build: the server binary (cargo), the browser's WebAssembly, then the site the
# server serves, made by the binary itself from style/, public/ and target/browser (`server site`).
build_release() {
  step "cargo build --release (the server)"
  cargo build --release --locked -p server
  build_browser
  step "server site (the stylesheet, the WebAssembly and public/ into target/site)"
  LEPTOS_SITE_ROOT="$ROOT/target/site" "$ROOT/target/release/server" site
}

# A free TCP port on 127.0.0.1.
free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Starts the release server on a free port with a fresh data directory.
# Sets SERVER_PID, SERVER_URL, SERVER_DATA_DIR and SERVER_LOG.
# Starts the release server on a free port; with an argument, on that data directory (to
# restart on the same data), otherwise on a fresh one.
start_server() {
  local port
  port=$(free_port)
  SERVER_DATA_DIR=${1:-$(mktemp -d)}
  SERVER_LOG="$SERVER_DATA_DIR/server.log"
  SERVER_URL="http://127.0.0.1:$port"
  LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$ROOT/target/site" \
    PORTAL_DATA_DIR="$SERVER_DATA_DIR" PORTAL_DATABASE_URL="${SERVER_DATABASE_URL:-}" \
    "$ROOT/target/release/server" serve >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if curl -fsS "$SERVER_URL/healthz" >/dev/null 2>&1 \
       || node -e "fetch('$SERVER_URL/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then
      echo "server: $SERVER_URL (data in $SERVER_DATA_DIR)"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG"; die "服务器启动失败"; }
    sleep 0.2
  done
  cat "$SERVER_LOG"
  die "服务器 20 秒内没有就绪"
}

# Stops the server with SIGTERM and checks that it shut down cleanly.
stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local code=0
  wait "$SERVER_PID" || code=$?
  SERVER_PID=""
  return "$code"
}

# Raw, gzip and brotli sizes of the code pages load: the plain scripts of public/ and the
# browser's WebAssembly with its glue (copied to target/site; app::page_scripts and
# app::page_uses_wasm say which page loads which).
print_script_sizes() {
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    const plain = fs.readdirSync("target/site")
      .filter((f) => f.endsWith(".js") && f !== "sw.js")
      .map((f) => "target/site/" + f);
    const pkg = fs.readdirSync("target/site/pkg")
      .filter((f) => /^(portal|chart)\.[A-Za-z0-9_-]{22}\.(js|wasm)$/.test(f))
      .map((f) => "target/site/pkg/" + f);
    const files = [...plain, ...pkg].sort();
    let total = [0, 0, 0];
    for (const f of files) {
      const b = fs.readFileSync(f);
      const gz = zlib.gzipSync(b, { level: 9 }).length;
      const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      total = [total[0] + b.length, total[1] + gz, total[2] + br];
      console.log(`${f.padEnd(60)} raw ${String(b.length).padStart(8)} B  gzip ${String(gz).padStart(7)} B  brotli ${String(br).padStart(7)} B`);
    }
    console.log(`${"code in all (every page loads only its own)".padEnd(60)} raw ${String(total[0]).padStart(8)} B  gzip ${String(total[1]).padStart(7)} B  brotli ${String(total[2]).padStart(7)} B`);
  '
}
