// Specs that need the pages' plain scripts: only the JavaScript-on projects load this file.
import type { Page } from '@playwright/test';
import { test, expect, expectNoAxeViolations, waitForScripts } from './fixtures';

// 食用菌 has several measures; ind-072 is 林下经济产值, one 2020 baseline of 29.83 亿元.
const PAGE = '/industries/mushrooms';

test('interactive: switch the measure, toggle a kind, point at a figure, and Back restores', async ({ page }, testInfo) => {
  const asked: string[] = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  await page.goto(PAGE);
  await waitForScripts(page, testInfo);
  // A marker in the window survives only if no page is loaded anew.
  await page.evaluate(() => ((window as any).portalMarker = 'kept'));
  const chart = page.getByRole('region', { name: '按年份看' });
  const caption = chart.locator('figcaption');
  const first = await caption.textContent();
  const firstMetric = await chart.getByLabel('指标').inputValue();

  await chart.getByLabel('指标').selectOption('ind-072');
  await expect(page).toHaveURL(/\/industries\/mushrooms\?metric=ind-072$/);
  await expect(caption).toContainText('林下经济产值（黔西南州）');
  await expect(page.getByRole('status').filter({ hasText: '图表已更新' })).toBeVisible();

  // Pointing at a point, or tapping it, tells its value, year, kind and source; the tap
  // does not jump to the table.
  const point = chart.locator('.chart-point').first();
  await point.hover();
  await expect(chart.locator('#chart-tip')).toHaveText(/^2020年 基数 29\.83 亿元，出处：《.+》/);
  await chart.locator('#chart-tip').evaluate((el) => (el.textContent = ''));
  await point.click();
  await expect(chart.locator('#chart-tip')).toContainText('29.83 亿元');
  await expect(page).toHaveURL(/metric=ind-072$/);

  // Untick 基数: its figure leaves the chart and the table.
  await chart.getByRole('checkbox', { name: '基数' }).uncheck();
  await expect(page).toHaveURL(/metric=ind-072&show=target%2Cactual%2Cstandard$/);
  await expect(chart.locator('.chart-svg')).toContainText('所选年份和类型中没有数字');
  await expect(chart.locator('tbody tr')).toHaveCount(0);
  await expect(chart.locator('.chart-point')).toHaveCount(0);
  // The download is the chart as displayed.
  await expect(chart.getByRole('link', { name: '图表 SVG' })).toHaveAttribute(
    'href',
    '/industries/mushrooms/chart.svg?metric=ind-072&show=target%2Cactual%2Cstandard',
  );

  // Back: 基数 shown again, then the first measure; the form follows.
  await page.goBack();
  await expect(page).toHaveURL(/metric=ind-072$/);
  await expect(chart.getByRole('checkbox', { name: '基数' })).toBeChecked();
  await expect(chart.locator('tbody tr')).toHaveCount(1);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(PAGE + '$'));
  await expect(caption).toHaveText(first!);
  await expect(chart.getByLabel('指标')).toHaveValue(firstMetric);
  // Forward again.
  await page.goForward();
  await expect(caption).toContainText('林下经济产值');
  expect(await page.evaluate(() => (window as any).portalMarker)).toBe('kept');
  // The figures came once; every change was drawn in the phone, none asked of the server.
  expect(asked.filter((p) => p === PAGE + '/chart.json')).toHaveLength(1);
  expect(asked.filter((p) => p.startsWith(PAGE))).toEqual([PAGE, PAGE + '/chart.json']);
  await expectNoAxeViolations(page, testInfo);
});

// What the server sends for an address, under the controls.
async function serverBody(page: Page, query: string): Promise<string> {
  return page.evaluate(async (url) => {
    const html = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return doc.getElementById('chart-body')!.innerHTML;
  }, PAGE + (query ? '?' + query : ''));
}

test('interactive: the chart the phone draws is the one the server draws for the same address', async ({ page }, testInfo) => {
  await page.goto(PAGE);
  await waitForScripts(page, testInfo);
  const chart = page.getByRole('region', { name: '按年份看' });
  const body = page.locator('#chart-body');
  const compared: string[] = [];
  // Each step changes the controls as a reader would; the browser redraws with its
  // WebAssembly, and its drawing (SVG, points, table, downloads) must be the server's.
  const steps: [string, () => Promise<void>][] = [
    ['another measure', () => chart.getByLabel('指标').selectOption('ind-072')],
    ['no baseline', () => chart.getByRole('checkbox', { name: '基数' }).uncheck()],
    ['baseline again', () => chart.getByRole('checkbox', { name: '基数' }).check()],
    ['the first measure', () => chart.getByLabel('指标').selectOption({ index: 0 })],
    ['from 2021', async () => { await chart.getByLabel('起始年份').fill('2021'); await chart.getByLabel('起始年份').press('Enter'); }],
    ['to 2020 as well', async () => { await chart.getByLabel('截止年份').fill('2020'); await chart.getByLabel('截止年份').press('Enter'); }],
    ['no years', async () => {
      await chart.getByLabel('起始年份').fill('');
      await chart.getByLabel('截止年份').fill('');
      await chart.getByLabel('截止年份').press('Enter');
    }],
    ['targets only', async () => {
      for (const kind of ['基数', '实际', '标准']) await chart.getByRole('checkbox', { name: kind }).uncheck();
    }],
    ['nothing ticked', () => chart.getByRole('checkbox', { name: '目标' }).uncheck()],
  ];
  for (const [name, step] of steps) {
    const before = page.url();
    await step();
    await expect.poll(() => page.url(), name).not.toBe(before);
    const query = new URL(page.url()).search.slice(1);
    const drawn = await body.innerHTML();
    expect(drawn, `${name}: ${query}`).toBe(await serverBody(page, query));
    compared.push(query);
  }
  // The measures of the select, one by one.
  const keys = await chart.getByLabel('指标').locator('option').evaluateAll((options) =>
    options.map((o) => (o as HTMLOptionElement).value),
  );
  for (const key of keys.slice(0, 6)) {
    const before = page.url();
    await chart.getByLabel('指标').selectOption(key);
    if (page.url() === before) continue;
    const query = new URL(page.url()).search.slice(1);
    expect(await body.innerHTML(), query).toBe(await serverBody(page, query));
    compared.push(query);
  }
  console.log(`the phone's chart equals the server's for ${compared.length} states`);
  expect(compared.length).toBeGreaterThanOrEqual(steps.length + 2);
});
