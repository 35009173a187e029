# Shared set-up for the portal's commands. Each step installs what is missing and skips
# what is already there. Sourced by .ci/serve, .ci/test and .ci/bench.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION=0.3.10
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n== %s\n' "$*"; }
die() { printf '\n错误：%s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  step "apt: installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" \
    || { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
}

ensure_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "wasm32-unknown-unknown: present"
  else
    step "rustup: adding wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION"; then
    echo "cargo-leptos $CARGO_LEPTOS_VERSION: present"
  else
    step "cargo: installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
}

# The wasm-bindgen command must be exactly the version of the crate in Cargo.lock.
ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ -n "$want" ] || die "Cargo.lock 中找不到 wasm-bindgen 的版本"
  if wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    echo "wasm-bindgen $want: present"
  else
    step "cargo: installing wasm-bindgen-cli $want"
    # Not --locked: the CLI's own lockfile names a crate version the index does not have.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# Node packages of end2end/: Playwright, axe, Lighthouse, and binaryen's wasm-opt (the
# release build uses it; Debian's wasm-opt is too old for Rust's reference types).
ensure_npm_packages() {
  command -v npm >/dev/null || die "需要 node 和 npm（Node 20 或更新）"
  if [ -f end2end/node_modules/.package-lock.json ] \
     && cmp -s end2end/package-lock.json end2end/node_modules/.ci-installed-lock 2>/dev/null; then
    echo "end2end npm packages: present"
  else
    step "npm: installing end2end packages (no browser download)"
    (cd end2end && npm ci --no-audit --no-fund)
    cp end2end/package-lock.json end2end/node_modules/.ci-installed-lock
  fi
  wasm-opt --version >/dev/null || die "wasm-opt (npm binaryen) 不可用"
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

build_release() {
  step "cargo leptos build --release"
  cargo leptos build --release --precompress --split
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

# Raw, gzip and brotli sizes of the WebAssembly and JavaScript the islands ship.
print_island_sizes() {
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    // The shared runtime (portal.wasm, portal.js) and every split piece of the islands.
    const files = fs.readdirSync("target/site/pkg")
      .filter((f) => f.endsWith(".wasm") || f.endsWith(".js"))
      .sort()
      .map((f) => "target/site/pkg/" + f);
    let total = [0, 0, 0];
    for (const f of files) {
      const b = fs.readFileSync(f);
      const gz = zlib.gzipSync(b, { level: 9 }).length;
      const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      total = [total[0] + b.length, total[1] + gz, total[2] + br];
      console.log(`${f.padEnd(60)} raw ${String(b.length).padStart(8)} B  gzip ${String(gz).padStart(7)} B  brotli ${String(br).padStart(7)} B`);
    }
    console.log(`${"islands total (every page loads only its own)".padEnd(60)} raw ${String(total[0]).padStart(8)} B  gzip ${String(total[1]).padStart(7)} B  brotli ${String(total[2]).padStart(7)} B`);
  '
}
