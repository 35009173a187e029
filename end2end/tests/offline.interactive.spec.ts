// The form where the signal is bad: it opens from the phone without a network, keeps a
// report made without one and sends it once when the network returns; and it reads itself
// aloud. JavaScript on only (the service worker and the plain scripts need it).
import { execFileSync } from 'node:child_process';
import type { BrowserContext, Page, Route } from '@playwright/test';
import { test, expect, expectNoAxeViolations, waitForScripts } from './fixtures';
import { GOOD_ID, RECEIPT, fillCompletely, household } from './household';

const SAVED = '已保存在手机上，有网络时会自动提交；提交成功后会显示回执号';

// How many reports the server holds: read from its SQLite file (the test command's server).
function reportsHeld(): number {
  const dir = process.env.PORTAL_E2E_DATA_DIR;
  if (!dir) throw new Error('PORTAL_E2E_DATA_DIR must be set (./.ci/test sets it)');
  const out = execFileSync('sqlite3', ['-readonly', `${dir}/portal.db`, 'SELECT count(*) FROM reports;']);
  return Number(out.toString().trim());
}

// One visit online, until the worker controls the page and has kept the form of the village.
async function visitOnce(page: Page, address: string, withWasm = true) {
  await page.goto(address);
  await waitForScripts(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect
    .poll(() =>
      page.evaluate(async ({ key, withWasm }) => {
        const cache = await caches.open('portal-report-v4');
        // The stylesheet by the name this build gives it, the form's own scripts and (unless
        // blocked) its WebAssembly with the glue, by this build's names too.
        const css = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]');
        const loader = document.querySelector<HTMLScriptElement>('script[src="/wasm.js"]');
        const files = [new URL(css!.href).pathname, '/wasm.js', '/draft.js', '/offline.js'];
        if (withWasm) files.push(loader!.dataset.glue!, loader!.dataset.wasm!);
        const kept = await Promise.all(files.map((file) => cache.match(file)));
        return !!(await cache.match(key)) && kept.every((file) => !!file);
      }, { key: address, withWasm }),
    )
    .toBe(true);
}

// Without a network, for the page and for its service worker too: Chromium's offline
// emulation does not reach the worker's own requests, so those are failed as a phone
// without signal fails them.
function noSignal(route: Route) {
  return route.request().serviceWorker() ? route.abort('internetdisconnected') : route.continue();
}

async function offline(context: BrowserContext) {
  await context.setOffline(true);
  await context.route('**', noSignal);
}

async function online(context: BrowserContext) {
  await context.unroute('**', noSignal);
  await context.setOffline(false);
}

async function queued(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('portal-report-queue', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('reports', { keyPath: 'token' });
          open.result.createObjectStore('notes', { autoIncrement: true });
        };
        open.onsuccess = () => {
          const count = open.result.transaction('reports').objectStore('reports').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
        };
      }),
  );
}

test('offline: the form opens from the phone, a report is kept and sent once when the network returns', async ({ page, context }, testInfo) => {
  const { phone, description } = household(testInfo, 'offline');
  const held = reportsHeld();
  await visitOnce(page, '/report?village=qxn-p-01');
  const kept = await page.evaluate(async () => {
    const cache = await caches.open('portal-report-v4');
    let bytes = 0;
    for (const request of await cache.keys()) {
      bytes += (await (await cache.match(request))!.arrayBuffer()).byteLength;
    }
    return { entries: (await cache.keys()).length, bytes };
  });
  console.log(`kept for offline use: ${kept.entries} files, ${kept.bytes} bytes`);

  await offline(context);
  const started = Date.now();
  await page.goto('/report?village=qxn-p-01');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('防贫申报');
  await waitForScripts(page);
  testInfo.annotations.push({ type: 'offline open (ms)', description: String(Date.now() - started) });
  console.log(`/report opened offline in ${Date.now() - started} ms`);
  // The help page and the form without a village are kept too.
  await page.goto('/report/help');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('哪些情况可以申报');
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page);

  await fillCompletely(page, phone, description);
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page.getByText(SAVED)).toBeVisible();
  await expect(page.getByText(/别人也在用/)).toBeVisible();
  expect(await queued(page)).toBe(1);
  // The device draft never held the ID number or the phone and is gone now.
  expect(await page.evaluate(() => localStorage.getItem('portal-report-draft'))).toBeNull();
  expect(reportsHeld()).toBe(held);

  // Reloaded without a network: still kept, still said.
  await page.reload();
  await expect(page.getByText(SAVED)).toBeVisible();

  // The network comes and goes twice, then stays.
  await online(context);
  await offline(context);
  await page.waitForTimeout(300);
  await online(context);
  await offline(context);
  await page.waitForTimeout(300);
  await online(context);

  await expect(page).toHaveURL(/\/report\/done\/[A-Z0-9]{8}$/, { timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申报已提交');
  expect((await page.locator('.receipt-code').textContent())!.trim()).toMatch(RECEIPT);
  expect(reportsHeld()).toBe(held + 1);
  await expect.poll(() => queued(page)).toBe(0);
});

test('offline: a report the server rules refuse is never queued; the household sees why at once', async ({ page, context }, testInfo) => {
  const { phone, description } = household(testInfo, 'offline-checked');
  const held = reportsHeld();
  await visitOnce(page, '/report?village=qxn-p-01');
  await offline(context);
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page);
  await fillCompletely(page, phone, description);
  // A wrong check digit, and no consent: the message is beside the field as soon as it is left.
  await page.getByLabel('户主身份证号').fill('110105194912310021');
  await page.getByLabel('家庭人口').focus();
  await expect(page.locator('#f-id_number-error')).toHaveText('错误：身份证号最后一位（校验码）对不上，请逐位核对。');
  await expect(page.getByLabel('户主身份证号')).toHaveAttribute('aria-invalid', 'true');
  // On a phone ten times slower than this machine: from the tap to the problems shown.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  const took = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const started = performance.now();
        new MutationObserver((_, observer) => {
          if (document.querySelector('.error-summary')) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        }).observe(document.body, { childList: true, subtree: true });
        document.querySelector<HTMLButtonElement>('button.submit')!.click();
      }),
  );
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  console.log(`offline check at 10x slower CPU: the problems shown ${took.toFixed(1)} ms after 提交申报`);
  const summary = page.getByRole('alert').filter({ hasText: '需要修改' });
  await expect(summary.getByRole('heading')).toHaveText('还有 2 处需要修改，改好后再提交');
  await expect(summary.getByRole('link')).toHaveText([/校验码/, /勾选同意/]);
  await expect(summary).toBeFocused();
  await expect(page.getByText(SAVED)).toHaveCount(0);
  expect(await queued(page)).toBe(0);
  await expect(page.getByLabel('联系电话（手机）')).toHaveValue(phone);
  await expect(page.getByLabel('情况说明')).toHaveValue(description);
  await expectNoAxeViolations(page, testInfo);

  // Corrected: the messages go as the fields are fixed, and the report is kept to be sent.
  await page.getByLabel('户主身份证号').fill(GOOD_ID);
  await expect(page.locator('#f-id_number-error')).toHaveCount(0);
  await expect(page.getByLabel('户主身份证号')).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page.getByText(SAVED)).toBeVisible();
  expect(await queued(page)).toBe(1);
  await online(context);
  await expect(page).toHaveURL(/\/report\/done\/[A-Z0-9]{8}$/, { timeout: 15_000 });
  expect(reportsHeld()).toBe(held + 1);
});

test.describe('without WebAssembly', () => {
  // Where WebAssembly cannot run, the form is kept all the same and the server checks it.
  test.use({ blockWasm: true });

test('offline without WebAssembly: a kept report the server refuses comes back into the form with its errors', async ({ page, context }, testInfo) => {
  const { phone, description } = household(testInfo, 'offline-refused');
  const held = reportsHeld();
  await visitOnce(page, '/report?village=qxn-p-01', false);
  await offline(context);
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page);
  await fillCompletely(page, phone, description);
  // A wrong check digit, and no consent.
  await page.getByLabel('户主身份证号').fill('110105194912310021');
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page.getByText(SAVED)).toBeVisible();

  await online(context);
  const summary = page.getByRole('alert').filter({ hasText: '需要修改' });
  await expect(summary.getByRole('heading')).toHaveText('还有 2 处需要修改，改好后再提交', { timeout: 15_000 });
  await expect(summary.getByRole('link')).toHaveText([/校验码/, /勾选同意/]);
  await expect(page.getByLabel('户主身份证号')).toHaveValue('110105194912310021');
  await expect(page.getByLabel('户主身份证号')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('联系电话（手机）')).toHaveValue(phone);
  await expect(page.getByLabel('情况说明')).toHaveValue(description);
  await expect(page.getByText(SAVED)).toHaveCount(0);
  expect(await queued(page)).toBe(0);
  expect(reportsHeld()).toBe(held);

  // Corrected, it goes through as usual.
  await page.getByLabel('户主身份证号').fill(GOOD_ID);
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(/\/report\/done\//);
  expect(reportsHeld()).toBe(held + 1);
});
});

test('offline: a report kept for more than 7 days is deleted, and the page says so', async ({ page }) => {
  const held = reportsHeld();
  await visitOnce(page, '/report?village=qxn-p-01');
  await queued(page);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const open = indexedDB.open('portal-report-queue', 1);
        open.onsuccess = () => {
          const tx = open.result.transaction('reports', 'readwrite');
          tx.objectStore('reports').put({
            token: 'ab'.repeat(16),
            body: 'token=' + 'ab'.repeat(16) + '&village=522302109207&name=%E7%8E%8B',
            savedAt: Date.now() - 8 * 24 * 60 * 60 * 1000,
          });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  await page.reload();
  await expect(page.getByText(/7 天内没能提交，为保护您的信息已经删除/)).toBeVisible();
  await expect(page.getByText(SAVED)).toHaveCount(0);
  expect(await queued(page)).toBe(0);
  expect(reportsHeld()).toBe(held);
});

// The voices are the test page's: the portal itself is not changed.
async function stubVoices(page: Page, lang: string) {
  await page.addInitScript((voiceLang) => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    const voice = { lang: voiceLang, name: 'test voice', voiceURI: 'test', localService: true, default: true };
    speechSynthesis.getVoices = () => [voice as unknown as SpeechSynthesisVoice];
    speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
      spoken.push({ text: utterance.text, lang: utterance.lang });
    };
    speechSynthesis.cancel = () => {};
  }, lang);
}

test('read aloud: a question and its hint are spoken in Chinese, highlighted, and can be stopped', async ({ page }) => {
  await stubVoices(page, 'zh-CN');
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page);
  const field = page.locator('[data-read-aloud]').filter({ has: page.getByLabel('户主身份证号') });
  const button = field.getByRole('button', { name: '朗读' });
  await button.click();
  const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
  expect(spoken).toHaveLength(1);
  expect(spoken[0].text).toContain('户主身份证号');
  expect(spoken[0].text).toContain('18 位，最后一位可能是 X');
  expect(spoken[0].lang).toBe('zh-CN');
  await expect(field).toHaveClass(/reading/);
  await expect(field.getByRole('button', { name: '停止' })).toBeVisible();
  await field.getByRole('button', { name: '停止' }).click();
  await expect(field).not.toHaveClass(/reading/);
  await expect(button).toHaveText('朗读');

  // The help page and the library have it too; with large text the button grows with it.
  await page.goto('/report/help');
  const normal = (await page.getByRole('button', { name: '朗读' }).first().boundingBox())!.height;
  await page.context().addCookies([{ name: 'text_size', value: 'large', url: page.url() }]);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/text-large/);
  const large = page.getByRole('button', { name: '朗读' }).first();
  expect((await large.boundingBox())!.height).toBeGreaterThan(normal);
  await large.click();
  await expect(page.locator('.reading')).toHaveCount(1);
  await page.goto('/policies');
  await expect(page.locator('.doc-summary').first().getByRole('button', { name: '朗读' })).toBeVisible();
});

test('read aloud: without a Chinese voice there is no button', async ({ page }) => {
  await stubVoices(page, 'en-US');
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page);
  await expect(page.locator('[data-read-aloud]').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '朗读' })).toHaveCount(0);
});
