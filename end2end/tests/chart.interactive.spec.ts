// Specs that need the pages' plain scripts: only the JavaScript-on projects load this file.
import { test, expect, expectNoAxeViolations, waitForScripts } from './fixtures';

// 食用菌 has several measures; ind-072 is 林下经济产值, one 2020 baseline of 29.83 亿元.
const PAGE = '/industries/mushrooms';

test('interactive: switch the measure, toggle a kind, point at a figure, and Back restores', async ({ page }, testInfo) => {
  await page.goto(PAGE);
  await page.locator('form.chart-form[data-ready="true"]').waitFor();
  // A marker in the window survives only if no page is loaded anew.
  await page.evaluate(() => ((window as any).portalMarker = 'kept'));
  const chart = page.getByRole('region', { name: '按年份看' });
  const caption = chart.locator('figcaption');
  const first = await caption.textContent();
  const firstMetric = await chart.getByLabel('指标').inputValue();
  const fragments: string[] = [];
  page.on('request', (request) => {
    if (/\/industries\/mushrooms\/chart\?/.test(request.url())) fragments.push(request.url());
  });

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
  // One request per change: the measure, the box, Back, Back, Forward.
  expect(fragments.length).toBe(5);
  await expectNoAxeViolations(page, testInfo);
});
