// Runs Lighthouse 12.8.2 (mobile, simulated Slow 4G and 4x CPU: the defaults) N times on a URL
// and prints the median of each measure, plus the transferred size of every script and
// WebAssembly file. Usage: node lighthouse.mjs <url> [runs=3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [url, runsArg] = process.argv.slice(2);
if (!url) {
  console.error('usage: node lighthouse.mjs <url> [runs=3]');
  process.exit(2);
}
const runs = Number(runsArg ?? 3);
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, 'node_modules', '.bin', 'lighthouse');
const chromeFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
].join(' ');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
try {
  for (let i = 0; i < runs; i += 1) {
    const out = join(dir, `run-${i}.json`);
    execFileSync(cli, [url, '--output=json', `--output-path=${out}`, '--quiet',
      `--chrome-flags=${chromeFlags}`,
      '--only-categories=performance,accessibility,best-practices,seo'], {
      env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const lhr = JSON.parse(readFileSync(out, 'utf8'));
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const requests = lhr.audits['network-requests']?.details?.items ?? [];
    results.push({
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      bestPractices: Math.round(lhr.categories['best-practices'].score * 100),
      seo: Math.round(lhr.categories.seo.score * 100),
      totalBytes: audit('total-byte-weight'),
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      code: requests
        .filter((r) => /\.(wasm|js)(\?|$)/.test(r.url))
        .map((r) => ({ url: new URL(r.url).pathname, transferred: r.transferSize, resource: r.resourceSize })),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pick = (key) => results.map((r) => r[key]);
const rows = [
  ['performance', median(pick('performance')), ''],
  ['accessibility', median(pick('accessibility')), ''],
  ['best-practices', median(pick('bestPractices')), ''],
  ['seo', median(pick('seo')), ''],
  ['total bytes', median(pick('totalBytes')), `B (${(median(pick('totalBytes')) / 1024).toFixed(1)} KiB)`],
  ['FCP', Math.round(median(pick('fcp'))), 'ms'],
  ['LCP', Math.round(median(pick('lcp'))), 'ms'],
  ['TBT', Math.round(median(pick('tbt'))), 'ms'],
  ['CLS', median(pick('cls')).toFixed(3), ''],
];
console.log(`Lighthouse 12.8.2, mobile, median of ${runs}: ${url}`);
for (const [name, value, unit] of rows) console.log(`  ${name.padEnd(16)} ${String(value).padStart(8)} ${unit}`);
console.log(`  per run (perf/LCP/TBT/bytes): ${results.map((r) => `${r.performance}/${Math.round(r.lcp)}/${Math.round(r.tbt)}/${r.totalBytes}`).join('  ')}`);
const code = results[results.length - 1].code;
if (code.length === 0) console.log('  scripts and WebAssembly: none requested');
for (const c of code) console.log(`  ${c.url.padEnd(28)} transferred ${String(c.transferred).padStart(7)} B, uncompressed ${String(c.resource).padStart(7)} B`);
