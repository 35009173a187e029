import { test, expect, expectNoAxeViolations, jsEnabled } from './fixtures';

test('every figure shows its unit, year, kind and source, and the filters narrow them', async ({ page }, testInfo) => {
  await page.goto('/data');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('全部指标');
  // 175 figures, 40 to a page.
  await expect(page.getByRole('status')).toHaveText('共 175 条，第 1 / 5 页（第 1–40 条）');
  const figures = page.locator('li.figure');
  await expect(figures).toHaveCount(40);
  await expect(figures.first().locator('.source')).toBeVisible();
  // The plain GET form: choose, submit, and the address holds the filters.
  await page.getByLabel('类型').selectOption('target');
  await page.getByLabel('地区').selectOption('黔西南州');
  await page.getByRole('button', { name: '筛选' }).click();
  // The plain form sends every field, the empty ones too.
  await expect(page).toHaveURL(/\/data\?region=[^&]+&category=&kind=target&industry=$/);
  const status = await page.getByRole('status').textContent();
  const shown = Number(/符合条件的 (\d+) 条（共 175 条）/.exec(status ?? '')?.[1]);
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(175);
  await expect(figures).toHaveCount(Math.min(shown, 40));
  for (const tag of await figures.locator('.tag').allTextContents()) expect(tag).toBe('目标');
  // A chip removes one filter.
  await page.getByRole('link', { name: '取消筛选：目标' }).click();
  await expect(page).toHaveURL(/\/data\?region=[^&]+$/);
  await expectNoAxeViolations(page, testInfo);
});

test('the figures are read page by page, each figure has its own page, and old links find it', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/data');
  const pager = page.getByRole('navigation', { name: '分页' });
  await pager.getByRole('link', { name: '下一页' }).click();
  await expect(page).toHaveURL(/\/data\?page=2$/);
  await expect(page.getByRole('status')).toHaveText('共 175 条，第 2 / 5 页（第 41–80 条）');
  await expect(pager.getByRole('link', { name: '2', exact: true })).toHaveAttribute('aria-current', 'page');
  const box = await pager.getByRole('link', { name: '上一页' }).boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await pager.getByRole('link', { name: '5', exact: true }).click();
  await expect(page.locator('li.figure')).toHaveCount(15);
  await expectNoAxeViolations(page, testInfo);
  // A figure's name opens its own page: the address the open data gives it.
  const first = page.locator('li.figure').first();
  const id = await first.getAttribute('id');
  const name = await first.getByRole('heading', { level: 2 }).textContent();
  await first.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/data/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name!);
  await expect(page.locator('.source')).toHaveCount(1);
  await expectNoAxeViolations(page, testInfo);
  // An old link to a figure on a later page (/data#<id>) goes on to its page (a fragment
  // never reaches the server, so that takes site.js); without scripts it opens page 1.
  await page.goto(`/data#${id}`);
  if (jsEnabled()) {
    await expect(page).toHaveURL(new RegExp(`/data/${id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name!);
  } else {
    await expect(page.getByRole('status')).toHaveText('共 175 条，第 1 / 5 页（第 1–40 条）');
  }
  // One on the first page stays where it is.
  await page.goto('/data');
  const firstId = await page.locator('li.figure').first().getAttribute('id');
  await page.goto(`/data#${firstId}`);
  await expect(page).toHaveURL(new RegExp(`/data#${firstId}$`));
});

test('the industries say what the documents give and nothing more', async ({ page }, testInfo) => {
  await page.goto('/industries');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('十大特色产业');
  const cards = page.locator('li.industry');
  await expect(cards).toHaveCount(10);
  await expect(cards.first().getByRole('heading', { level: 2 })).toHaveText('茶叶');
  await expect(page.getByText(/资料未提供/).first()).toBeVisible();
  await expectNoAxeViolations(page, testInfo);
  await cards.getByRole('link', { name: '油茶' }).click();
  await expect(page).toHaveURL(/\/industries\/[a-z-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('油茶');
  const own = page.getByRole('region', { name: '本产业的数字' });
  await expect(own.locator('li.figure')).toHaveCount(2);
  await expect(own.getByRole('heading', { name: '新造油茶' })).toBeVisible();
  await expectNoAxeViolations(page, testInfo);
});

test('an unknown industry gets a plain answer', async ({ page, consoleErrors }) => {
  const response = await page.goto('/industries/no-such-industry');
  expect(response?.status()).toBe(404);
  // The browser logs the 404 status of the document itself; that one is expected.
  expect(consoleErrors).toEqual([
    'console: Failed to load resource: the server responded with a status of 404 (Not Found)',
  ]);
  consoleErrors.length = 0;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('没有这个产业');
});

test('the targets board sets each target beside its baselines and says who paired them', async ({ page }, testInfo) => {
  await page.goto('/targets');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('目标与进展');
  await expect(page.locator('article.target')).toHaveCount(84);
  const water = page.locator('article#ind-083');
  await expect(water.getByText('编者判断为同一指标：农村自来水普及率 / 自来水普及率', { exact: false }).first()).toBeVisible();
  await expect(water.locator('.target-share')).toHaveText('最近的数字相当于目标的 96.5%，与目标年份相隔 5 年。');
  await expect(water.locator('figure.chart figcaption')).toContainText('2015年基数 70 %，2020年基数 88.8 %，2025年目标 92 %以上');
  // The industries name a figure from elsewhere as such.
  await page.goto('/industries');
  await expect(page.getByText('外地参考：岳阳市云溪区').first()).toBeVisible();
  await expectNoAxeViolations(page, testInfo);
});
