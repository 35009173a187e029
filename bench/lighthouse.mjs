// Runs Lighthouse 12.8.2 (mobile, simulated Slow 4G and 4x CPU: the defaults) N times on a URL,
// one run after the other, and prints the median of each measure, every run's values, and the
// transferred size of every script and WebAssembly file (what the islands cost on the wire).
// Usage: node lighthouse.mjs <url> [runs=3]
// LIGHTHOUSE_PROFILE=harsh: a harsher simulated network and phone (RTT 300 ms, 700 kbps,
// 10x CPU slowdown) instead of Lighthouse's default mobile profile.
// Chromium: $CHROMIUM_PATH, else /usr/bin/chromium (Debian's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [url, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
if (!url || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node lighthouse.mjs <url> [runs=3]');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, 'node_modules', '.bin', 'lighthouse');
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromeFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
].join(' ');
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const harsh = process.env.LIGHTHOUSE_PROFILE === 'harsh';
const profileFlags = harsh
  ? ['--throttling.rttMs=300', '--throttling.throughputKbps=700', '--throttling.cpuSlowdownMultiplier=10']
  : [];

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// A file the page asked for that is code: JavaScript or WebAssembly (Lighthouse files
// WebAssembly under "Other" or "Fetch", scripts under "Script").
const isCode = (r) => {
  const path = new URL(r.url).pathname;
  return path.endsWith('.wasm') || path.endsWith('.js') || path.endsWith('.mjs') || r.resourceType === 'Script';
};

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
try {
  for (let i = 0; i < runs; i += 1) {
    const out = join(dir, `run-${i}.json`);
    const run = spawnSync(cli, [
      url,
      '--output=json',
      `--output-path=${out}`,
      '--quiet',
      `--chrome-flags=${chromeFlags}`,
      `--only-categories=${categories.join(',')}`,
      ...profileFlags,
    ], {
      env: { ...process.env, CHROME_PATH: chromePath },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (run.error || run.status !== 0) {
      console.error(`lighthouse run ${i + 1} of ${runs} failed: ${run.error?.message ?? `exit status ${run.status ?? run.signal}`}`);
      process.exitCode = 1;
      break;
    }
    const lhr = JSON.parse(readFileSync(out, 'utf8'));
    if (lhr.runtimeError) {
      console.error(`lighthouse run ${i + 1} of ${runs}: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
      process.exitCode = 1;
      break;
    }
    const score = (id) => {
      const s = lhr.categories[id]?.score;
      return typeof s === 'number' ? Math.round(s * 100) : NaN;
    };
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const requests = lhr.audits['network-requests']?.details?.items ?? [];
    results.push({
      lighthouseVersion: lhr.lighthouseVersion,
      formFactor: lhr.configSettings?.formFactor,
      throttling: lhr.configSettings?.throttlingMethod,
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      totalBytes: audit('total-byte-weight'),
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      code: requests.filter(isCode).map((r) => ({
        url: r.url,
        type: r.resourceType ?? '?',
        transferred: r.transferSize ?? 0,
        resource: r.resourceSize ?? 0,
      })),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (results.length === 0) process.exit(process.exitCode || 1);

const kib = (bytes) => (bytes / 1024).toFixed(1);
const measures = [
  ['performance', 'performance', (v) => String(v)],
  ['accessibility', 'accessibility', (v) => String(v)],
  ['best-practices', 'bestPractices', (v) => String(v)],
  ['seo', 'seo', (v) => String(v)],
  ['total bytes (B)', 'totalBytes', (v) => String(Math.round(v))],
  ['total bytes (KiB)', 'totalBytes', kib],
  ['LCP (ms)', 'lcp', (v) => String(Math.round(v))],
  ['TBT (ms)', 'tbt', (v) => String(Math.round(v))],
  ['CLS', 'cls', (v) => v.toFixed(3)],
  ['FCP (ms)', 'fcp', (v) => String(Math.round(v))],
];

const first = results[0];
console.log(`Lighthouse ${first.lighthouseVersion}, ${first.formFactor}, ${first.throttling} throttling${harsh ? ' (harsh: RTT 300 ms, 700 kbps, 10x CPU)' : ' (default mobile)'}, ${results.length} run(s): ${url}`);
const header = ['measure'.padEnd(18), 'median'.padStart(9), ...results.map((_, i) => `run ${i + 1}`.padStart(9))];
console.log(header.join(' '));
for (const [label, key, format] of measures) {
  const values = results.map((r) => r[key]);
  const cells = [label.padEnd(18), format(median(values)).padStart(9), ...values.map((v) => format(v).padStart(9))];
  console.log(cells.join(' '));
}

console.log('\nscripts and WebAssembly (last run), bytes transferred / uncompressed:');
const code = results[results.length - 1].code;
if (code.length === 0) console.log('  none requested');
for (const c of code) {
  console.log(`  ${String(c.transferred).padStart(9)} / ${String(c.resource).padStart(9)}  ${c.type.padEnd(8)} ${new URL(c.url).pathname}`);
}
const wasm = code.filter((c) => new URL(c.url).pathname.endsWith('.wasm'));
const total = (list) => list.reduce((sum, c) => sum + c.transferred, 0);
console.log(`  total transferred: ${total(code)} B (${kib(total(code))} KiB), of which WebAssembly ${total(wasm)} B (${kib(total(wasm))} KiB)`);
