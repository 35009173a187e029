import { test as base, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

// The option of the project that blocks WebAssembly while JavaScript runs (playwright.config.ts).
export type TestOptions = { blockWasm: boolean };

// Every test fails when the page logs a console error or throws. With blockWasm, every
// request for a .wasm file fails, as a browser without WebAssembly or a network that drops it
// would have it, before the test starts; the failed request's own line is expected.
const wasmBlockedPages = new WeakSet<Page>();

export const test = base.extend<TestOptions & { consoleErrors: string[] }>({
  blockWasm: [false, { option: true }],
  consoleErrors: [
    async ({ page, blockWasm }, use) => {
      const errors: string[] = [];
      if (blockWasm) {
        wasmBlockedPages.add(page);
        await page.context().route(/\.wasm(\?|$)/, (route) => route.abort());
      }
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (blockWasm && /\.wasm(\?|$)/.test(message.location().url)) return;
        errors.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await use(errors);
      expect(errors, `the page reported errors:\n${errors.join('\n')}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

// testInfo may be left out inside a test: the running test's own is taken.
export function jsEnabled(testInfo: TestInfo = test.info()): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

// Whether WebAssembly is blocked for this page (the project's option, or a test's).
export function wasmBlocked(page: Page): boolean {
  return wasmBlockedPages.has(page);
}

// The parts the portal's WebAssembly makes live (browser/): results while typing, the
// report form's checks and an industry's chart. The others are made live by plain scripts.
export const WASM_PARTS = ['live', 'check', 'chart'];

// Every page's plain script marks the text-size form data-ready="true"; each part a page's
// own code makes live (marked data-enhance: the Q&A box, the village finder and the report
// form's checks and the chart's controls by the WebAssembly, the draft by a plain script) is
// marked data-ready="true" once it listens. Clicking before that does nothing: wait for every
// one (with WebAssembly blocked, for those of the plain scripts). The WebAssembly comes with
// the reader's first action on the page: a key is pressed first.
export async function waitForScripts(page: Page, testInfo: TestInfo = test.info()): Promise<void> {
  if (jsEnabled(testInfo)) {
    const skipped = wasmBlocked(page) ? WASM_PARTS : [];
    // The WebAssembly is fetched when the reader first does something once the page has
    // loaded (/wasm.js): a key no field takes, as a reader's first tap would be.
    if (!skipped.length && (await page.locator('script[src="/wasm.js"]').count()) > 0) {
      await page.waitForLoadState('load');
      await page.keyboard.press('Shift');
    }
    await page.waitForFunction((skipped) => {
      const ready = document.querySelector('form.text-size[data-ready="true"]') !== null;
      const parts = [...document.querySelectorAll('[data-enhance]')]
        .filter((part) => !skipped.includes(part.getAttribute('data-enhance') ?? ''));
      return ready && parts.every((part) => part.getAttribute('data-ready') === 'true');
    }, skipped);
  }
}

// WCAG 2.2 AA rules of axe-core; the failure message lists every violation and its nodes.
// axe itself is JavaScript, and in a context with JavaScript off its evaluate call never
// returns (the test just times out): with JavaScript off, the page is checked in a second context
// where axe may run but the portal's own scripts are blocked, so what is
// checked is the page as a reader without JavaScript gets it.
export async function expectNoAxeViolations(page: Page, testInfo: TestInfo = test.info()): Promise<void> {
  let context: BrowserContext | undefined;
  let results: Awaited<ReturnType<AxeBuilder['analyze']>>;
  try {
    let target = page;
    if (!jsEnabled(testInfo)) {
      context = await page.context().browser()!.newContext({
        javaScriptEnabled: true,
        viewport: page.viewportSize(),
        locale: testInfo.project.use.locale,
        baseURL: testInfo.project.use.baseURL,
      });
      await context.route(/\.(js|wasm)$/, (route) => route.abort());
      target = await context.newPage();
      await target.goto(page.url());
    }
    results = await new AxeBuilder({ page: target })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
  } finally {
    await context?.close();
  }
  const report = results.violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} [${v.helpUrl}]\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)
    .join('\n');
  expect(results.violations.map((v) => v.id), `accessibility violations:\n${report}`).toEqual([]);
}
