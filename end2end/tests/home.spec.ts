import { test, expect, expectNoAxeViolations, jsEnabled, waitForScripts } from './fixtures';

const NAV = [
  ['首页', '/'],
  ['示范村', '/pilots'],
  ['特色产业', '/industries'],
  ['政策解读', '/policies'],
  ['政策问答', '/ask'],
  ['防贫申报', '/report'],
] as const;

test('the home page shows the portal in Chinese with counts from the database', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle(/乡村振兴信息公开门户/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('乡村振兴信息公开门户');

  const overview = page.getByRole('region', { name: '数据概览' });
  const count = (label: string) =>
    overview.getByRole('listitem').filter({ hasText: label }).locator('data').getAttribute('value');
  expect(await count('省级示范试点')).toBe('7');
  expect(await count('州级示范试点')).toBe('32');
  expect(await count('特色产业')).toBe('10');
  expect(await count('政策文件')).toBe('5');
  expect(await count('政策问答')).toBe('147');
  // One compact source line per figure; every source one tap away.
  const level = overview.getByRole('listitem').filter({ hasText: '州级示范试点' });
  await expect(level.locator('summary')).toHaveText(/^来源：《.+》.+ 等 \d+ 处$/);
  await level.locator('summary').click();
  await expect(level.locator('details .source').last()).toContainText('专栏14');
});

test('the first screen leads with the three tasks, on a 360 px phone with large text', async ({ page, context }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await context.addCookies([{ name: 'text_size', value: 'large', url: page.url() }]);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/text-large/);
  const tasks = page.getByRole('region', { name: '您想做什么' });
  const report = tasks.getByRole('link', { name: '防贫申报' });
  await expect(report).toHaveAttribute('href', '/report');
  const box = await report.boundingBox();
  expect(box!.y + box!.height, 'the report button is on the first screen').toBeLessThanOrEqual(740);
  expect(box!.height).toBeGreaterThanOrEqual(48);
  // Nothing is wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // The question box is a plain GET form to /ask.
  await tasks.getByLabel('有政策问题？用自己的话问').fill('看病能报多少');
  await tasks.getByRole('button', { name: '查询' }).click();
  await expect(page).toHaveURL(/\/ask\?q=/);
  await expect(page.locator('article.ask-answer').first()).toBeVisible();
  await page.goto('/');
  for (const [name, href] of [['示范村名录', '/pilots'], ['目标与进展', '/targets'], ['数据下载', '/data']]) {
    await expect(tasks.getByRole('link', { name })).toHaveAttribute('href', href);
  }
});

test('the newest documents come first, each with its source', async ({ page }) => {
  await page.goto('/');
  const latest = page.getByRole('region', { name: '最新文件' });
  const articles = latest.getByRole('article');
  await expect(articles).toHaveCount(5);
  await expect(articles.first().getByRole('heading', { level: 3 })).toContainText('云溪区');
  for (const article of await articles.all()) {
    await expect(article.getByText(/^来源/)).toBeVisible();
  }
});

test('the main navigation leads to every part and marks the current one', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: '主导航' });
  const links = nav.getByRole('link');
  await expect(links).toHaveText(NAV.map(([label]) => label));
  for (const [label, href] of NAV) {
    await expect(nav.getByRole('link', { name: label })).toHaveAttribute('href', href);
  }
  await expect(nav.getByRole('link', { name: '首页' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: '示范村' }).click();
  await expect(page).toHaveURL(/\/pilots$/);
  await expect(nav.getByRole('link', { name: '示范村' })).toHaveAttribute('aria-current', 'page');
});

test('the text size switch enlarges the text and remembers it', async ({ page }, testInfo) => {
  await page.goto('/');
  await waitForScripts(page, testInfo);
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/text-large/);
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });
  // A marker in the window survives only if the page is not loaded anew.
  if (jsEnabled(testInfo)) await page.evaluate(() => ((window as any).portalMarker = 'kept'));

  await page.getByRole('button', { name: '大字' }).click();
  await expect(html).toHaveClass(/text-large/);
  await expect(page.getByRole('button', { name: '标准字号' })).toBeVisible();
  if (jsEnabled(testInfo)) {
    expect(navigations, 'the plain script switches without reloading the page').toBe(0);
    expect(await page.evaluate(() => (window as any).portalMarker)).toBe('kept');
  } else {
    await expect(page).toHaveURL(/\/$/);
  }

  await page.reload();
  await waitForScripts(page, testInfo);
  await expect(html).toHaveClass(/text-large/);
  await page.getByRole('button', { name: '标准字号' }).click();
  await expect(html).not.toHaveClass(/text-large/);
  await page.reload();
  await expect(html).not.toHaveClass(/text-large/);
});

test('the text size switch also works on pages with no script of their own', async ({ page }) => {
  await page.goto('/industries');
  await page.getByRole('button', { name: '大字' }).click();
  await expect(page).toHaveURL(/\/industries$/);
  await expect(page.locator('html')).toHaveClass(/text-large/);
});

test('read-only pages download no WebAssembly, and each page only its own code', async ({ page }, testInfo) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  // The WebAssembly and its glue by their plain names (each build names them by content).
  const code = () =>
    requested
      .filter((p) => p.endsWith('.wasm') || p.endsWith('.js'))
      .map((p) => p.replace(/^\/pkg\/(portal|chart)\.[A-Za-z0-9_-]{22}\./, '/pkg/$1.'))
      .sort();
  const wasm = ['/pkg/portal.js', '/pkg/portal.wasm'];

  for (const [path, scripts] of [
    ['/pilots', ['/site.js']],
    ['/', ['/site.js']],
    ['/ask', [...wasm, '/read-aloud.js', '/site.js', '/wasm.js']],
    ['/industries/mushrooms', ['/pkg/chart.js', '/pkg/chart.wasm', '/site.js', '/wasm.js']],
  ] as const) {
    requested.length = 0;
    await page.goto(path);
    await waitForScripts(page, testInfo);
    // The reader's first action, which is when a page that uses it asks for the WebAssembly.
    if (jsEnabled(testInfo)) await page.keyboard.press('Shift');
    await page.waitForLoadState('networkidle');
    if (jsEnabled(testInfo)) {
      // With WebAssembly blocked the module is asked for, and refused.
      expect(code(), path).toEqual(scripts);
    } else {
      // With JavaScript off the browser may or may not fetch the scripts it will not run.
      expect(code().filter((p) => !(scripts as readonly string[]).includes(p)), path).toEqual([]);
    }
  }
});

test('an unknown address gets a 404 page with a way home', async ({ page, consoleErrors }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  // The browser logs the 404 status of the document itself; that one is expected.
  expect(consoleErrors).toEqual([
    'console: Failed to load resource: the server responded with a status of 404 (Not Found)',
  ]);
  consoleErrors.length = 0;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
  await page.getByRole('main').getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('the health check answers', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
});

test('the home page passes the WCAG 2.2 AA checks', async ({ page }, testInfo) => {
  await page.goto('/');
  await waitForScripts(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});
