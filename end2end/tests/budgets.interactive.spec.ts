// What each kind of page costs a phone in code: every WebAssembly and JavaScript file it
// loads, counted at the size of the brotli copy the build made (what the server sends a
// browser that takes brotli). Read-only pages load no WebAssembly; each stays within its
// budget. The sizes are read from the built files, so a regression fails here, not in a
// timing.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { test, expect, waitForScripts } from './fixtures';

const site = process.env.PORTAL_SITE_ROOT
  ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'site');

// Bytes on the wire for a file of the site: its .br copy, or the file compressed now.
function brotliSize(path: string): number {
  const file = join(site, decodeURIComponent(path));
  if (existsSync(`${file}.br`)) return readFileSync(`${file}.br`).length;
  return brotliCompressSync(readFileSync(file), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
}

const KB = 1024;
// [page, WebAssembly allowed, WebAssembly + JavaScript allowed]
// Read-only pages load one plain script (site.js; read-aloud.js too on a document) and no
// WebAssembly. The Q&A lookup and the report form load the portal's forms module (browser/:
// the form's checks and results while typing), an industry's page its chart module (the chart
// redrawn in place), each with its glue and loader; the form its draft.js and offline.js
// besides. The budget for those three is the product's: 45 KB each; the read-only pages keep
// 8 KB.
const budgets: [string, number, number][] = [
  ['/', 0, 8 * KB],
  ['/pilots', 0, 8 * KB],
  ['/pilots/qxn-p-01', 0, 8 * KB],
  ['/villages/522301001001', 0, 8 * KB],
  ['/policies/policy-002', 0, 8 * KB],
  ['/policies/policy-002/52', 0, 8 * KB],
  ['/data', 0, 8 * KB],
  ['/data/ind-092', 0, 8 * KB],
  ['/qa', 0, 8 * KB],
  ['/privacy', 0, 8 * KB],
  ['/targets', 0, 8 * KB],
  ['/api', 0, 8 * KB],
  ['/ask', 45 * KB, 45 * KB],
  ['/industries/mushrooms', 45 * KB, 45 * KB],
  ['/report', 45 * KB, 45 * KB],
];

for (const [path, wasmBudget, codeBudget] of budgets) {
  test(`${path} loads at most ${wasmBudget / KB} KB of WebAssembly and ${codeBudget / KB} KB of code`, async ({ page }) => {
    const code = new Set<string>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('.wasm') || url.pathname.endsWith('.js')) {
        code.add(url.pathname);
      }
    });
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    // Every part the page's code makes live is ready (the WebAssembly comes after load), and
    // a quiet network means every file the page asks for is in.
    await waitForScripts(page);
    await page.waitForLoadState('networkidle');
    const files = [...code].sort();
    const sizes = files.map((f) => [f, brotliSize(f)] as const);
    const wasm = sizes.filter(([f]) => f.endsWith('.wasm')).reduce((n, [, s]) => n + s, 0);
    const total = sizes.reduce((n, [, s]) => n + s, 0);
    const listing = sizes.map(([f, s]) => `${f} ${s} B`).join(', ');
    console.log(`${path}: WebAssembly ${wasm} B, WebAssembly + JavaScript ${total} B (${listing})`);
    expect(wasm, listing).toBeLessThanOrEqual(wasmBudget);
    expect(total, listing).toBeLessThanOrEqual(codeBudget);
    if (wasm > 0) {
      // The WebAssembly and its glue are asked for only after the page has loaded: they
      // never hold up its first paint or its largest one.
      const timing = await page.evaluate(() => {
        const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
        const late = performance
          .getEntriesByType('resource')
          .filter((e) => /\/pkg\/(portal|chart)\.[^/]*\.(js|wasm)$/.test(new URL(e.name).pathname))
          .map((e) => e.startTime);
        return { loaded: nav.loadEventEnd, late };
      });
      expect(timing.late.length, listing).toBe(2);
      for (const start of timing.late) expect(start).toBeGreaterThanOrEqual(timing.loaded);
    }
  });
}
