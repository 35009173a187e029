import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import type { TestOptions } from './tests/fixtures';

// Every spec runs with JavaScript off (what a villager on a bad connection may get before any
// script arrives) and with JavaScript on; the plain specs once more with JavaScript on and
// WebAssembly blocked (an old WebView, a network that drops .wasm). Debian's Chromium, never
// a download.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The server under test. ./.ci/test (and ./.ci/proxy-trial) start it themselves and pass
// PORTAL_BASE_URL, PORTAL_E2E_DATA_DIR and PORTAL_SERVER_BIN. Without PORTAL_BASE_URL (a plain
// `npx playwright test`, or `cargo leptos end-to-end`), this config starts one the way
// ./.ci/test does: a fresh data directory, a free port on 127.0.0.1, the site in target/site,
// the per-address limits raised to 120 a minute, and sets those three variables for the specs.
// The config is read again by every worker: PORTAL_E2E_OWN_SERVER tells them (they inherit the
// variables set here) that the server is this config's, already chosen.
const ownServer = !process.env.PORTAL_BASE_URL || process.env.PORTAL_E2E_OWN_SERVER === '1';

// The server binary: PORTAL_SERVER_BIN when set; else target/release/server when it is newer
// than target/debug/server (what `cargo leptos end-to-end` builds without --release).
function serverBinary(): string {
  if (process.env.PORTAL_SERVER_BIN) return resolve(process.env.PORTAL_SERVER_BIN);
  const release = join(root, 'target', 'release', 'server');
  const debug = join(root, 'target', 'debug', 'server');
  const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : -1);
  if (mtime(release) < 0 && mtime(debug) < 0) {
    throw new Error(
      `no server binary: neither ${release} nor ${debug} exists; build it first ` +
        '(cargo leptos build --release, or cargo leptos end-to-end) or set PORTAL_SERVER_BIN',
    );
  }
  return mtime(release) > mtime(debug) ? release : debug;
}

// A free TCP port on 127.0.0.1, asked of the system in a child process (the config is synchronous).
function freePort(): string {
  return execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let webServer: PlaywrightTestConfig['webServer'];
if (ownServer) {
  if (process.env.PORTAL_E2E_OWN_SERVER !== '1') {
    const bin = serverBinary();
    // Only what this config sets reaches the specs and the server: none of the caller's
    // PORTAL_ and LEPTOS_ variables (a PostgreSQL database, a key file, another site).
    for (const name of Object.keys(process.env)) {
      if (name.startsWith('PORTAL_') || name.startsWith('LEPTOS_')) delete process.env[name];
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
    process.env.PORTAL_E2E_OWN_SERVER = '1';
    process.env.PORTAL_SERVER_BIN = bin;
    process.env.PORTAL_E2E_DATA_DIR = dataDir;
    process.env.PORTAL_BASE_URL = `http://127.0.0.1:${freePort()}`;
    console.log(
      `server: ${process.env.PORTAL_SERVER_BIN} on ${process.env.PORTAL_BASE_URL} ` +
        `(data and server.log in ${dataDir})`,
    );
  }
  const bin = process.env.PORTAL_SERVER_BIN!;
  const dataDir = process.env.PORTAL_E2E_DATA_DIR!;
  const baseURL = process.env.PORTAL_BASE_URL!;
  // The variables set above for the specs are blanked for the server (it reads an empty one
  // as unset: PORTAL_BASE_URL, say, is the public address to it), then its own are set.
  const env: Record<string, string> = {};
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('PORTAL_') || name.startsWith('LEPTOS_')) env[name] = '';
  }
  Object.assign(env, {
    LEPTOS_SITE_ADDR: new URL(baseURL).host,
    LEPTOS_SITE_ROOT: join(root, 'target', 'site'),
    PORTAL_DATA_DIR: dataDir,
    PORTAL_DATABASE_URL: '',
    // Every spec runs from one browser on one address within a few minutes, which submits
    // and views more reports a minute than the default per-address limits let one household
    // (as in ./.ci/test).
    PORTAL_STATUS_PER_MINUTE: '120',
    PORTAL_SUBMITS_PER_MINUTE: '120',
  });
  webServer = {
    command: `exec ${quote(bin)} serve >>${quote(join(dataDir, 'server.log'))} 2>&1`,
    cwd: root,
    env,
    url: `${baseURL}/healthz`,
    // The first start imports the seed content (longer with a debug build).
    timeout: 120_000,
    // SIGTERM, as ./.ci/test stops it: the server finishes what it holds and says 已安全停止.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  };
}

export default defineConfig<TestOptions>({
  testDir: 'tests',
  retries: 0,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  webServer,
  use: {
    baseURL: process.env.PORTAL_BASE_URL ?? 'http://127.0.0.1:3000',
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  // The staff specs change what the public pages show (an interpretation, a progress note,
  // figures), so they run after every read-only spec has seen the seed data as imported.
  // `*.interactive.spec.ts` need the islands' scripts: the JavaScript-off project does not
  // load them (instead of skipping inside each test).
  projects: [
    {
      name: 'js-off',
      testIgnore: [/staff\.spec\.ts/, /\.interactive\.spec\.ts/],
      use: { javaScriptEnabled: false },
    },
    {
      name: 'js-on',
      testIgnore: /staff\.spec\.ts/,
      use: { javaScriptEnabled: true },
    },
    {
      // The pages that load WebAssembly work with scripts running and none arriving: the
      // form posts and the server checks it, the Q&A box answers from the server. Every
      // other page asks for no WebAssembly at all (home.spec.ts checks which do), so it is
      // the page js-on tests already.
      name: 'wasm-blocked',
      testMatch: [/report\.spec\.ts/, /ask\.spec\.ts/, /home\.spec\.ts/, /chart\.spec\.ts/],
      use: { javaScriptEnabled: true, blockWasm: true },
    },
    {
      name: 'staff-js-off',
      testMatch: /staff\.spec\.ts/,
      dependencies: ['js-off', 'js-on', 'wasm-blocked'],
      use: { javaScriptEnabled: false },
    },
    {
      name: 'staff-js-on',
      testMatch: /staff\.spec\.ts/,
      dependencies: ['staff-js-off'],
      use: { javaScriptEnabled: true },
    },
  ],
});
