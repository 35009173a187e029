import { test, expect, expectNoAxeViolations, jsEnabled, waitForScripts, wasmBlocked } from './fixtures';

// 食用菌 has several measures; ind-072 is 林下经济产值, one 2020 baseline of 29.83 亿元.
const PAGE = '/industries/mushrooms';

test('an industry chart comes with its table and summary, and the address holds the view', async ({ page }, testInfo) => {
  await page.goto(PAGE);
  await waitForScripts(page, testInfo);
  const chart = page.getByRole('region', { name: '按年份看' });
  await expect(chart.locator('figure.chart svg').first()).toBeVisible();
  await expect(chart.locator('figcaption')).toContainText('（');
  await expect(chart.locator('tbody tr').first()).toBeVisible();
  await chart.getByLabel('指标').selectOption('ind-072');
  // Without JavaScript or WebAssembly the plain form is sent; with them, the change alone
  // redraws.
  if (!jsEnabled(testInfo) || wasmBlocked(page)) {
    await chart.getByRole('button', { name: '显示' }).click();
  }
  await expect(page).toHaveURL(/[?&]metric=ind-072/);
  await expect(chart.locator('figcaption')).toHaveText(
    '林下经济产值（黔西南州）：2020年基数 29.83 亿元（文件只给出这一个数字）。',
  );
  await expect(chart.locator('tbody tr')).toHaveCount(1);
  await expect(chart.locator('tbody tr')).toContainText('29.83 亿元');
  // The same address, loaded anew, draws the same chart.
  await page.goto(PAGE + '?metric=ind-072&show=target');
  await expect(chart.getByRole('checkbox', { name: '基数' })).not.toBeChecked();
  await expect(chart.getByRole('checkbox', { name: '目标' })).toBeChecked();
  await expect(chart.locator('.chart-svg')).toContainText('所选年份和类型中没有数字');
  await expect(chart.locator('tbody tr')).toHaveCount(0);
  await expectNoAxeViolations(page, testInfo);
});

