import { test, expect, expectNoAxeViolations, jsEnabled } from './fixtures';

const XINGREN = '兴仁市';

test('the catalogue lists every pilot and filters by county and level with a plain form', async ({ page }) => {
  const response = await page.goto('/pilots');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('示范试点村名录');
  await expect(page.getByRole('status')).toHaveText('共 44 个，第 1 / 3 页');
  await expect(page.locator('.pilot-list > li')).toHaveCount(20);

  const form = page.getByRole('search', { name: '筛选示范村' });
  await form.getByLabel('县（市、区）').selectOption(XINGREN);
  await form.getByLabel('级别').selectOption('省级');
  await form.getByRole('button', { name: '筛选' }).click();

  await expect(page).toHaveURL(/county=%E5%85%B4%E4%BB%81%E5%B8%82/);
  await expect(page).toHaveURL(/level=%E7%9C%81%E7%BA%A7/);
  await expect(page.getByRole('status')).toHaveText('符合条件的共 1 个');
  const items = page.locator('.pilot-list > li');
  await expect(items).toHaveCount(1);
  await expect(items.first().getByRole('link')).toHaveText('老里旗村·麻窝寨(含麻窝寨一、二、三组)');
  await expect(items.first()).toContainText('来源：《');
  // The form shows what is chosen, with counts against the other filters.
  await expect(form.getByLabel('县（市、区）')).toHaveValue(XINGREN);
  await expect(form.getByLabel('级别').locator('option:checked')).toHaveText('省级（1）');

  // A filtered view is a link: back returns to the whole catalogue, forward to the filter.
  await page.goBack();
  await expect(page).toHaveURL(/\/pilots$/);
  await expect(page.getByRole('status')).toHaveText('共 44 个，第 1 / 3 页');
  await page.goForward();
  await expect(page.getByRole('status')).toHaveText('符合条件的共 1 个');

  // Removing one filter keeps the other.
  await page.getByRole('link', { name: '取消筛选：省级' }).click();
  await expect(page.getByRole('status')).toHaveText('符合条件的共 5 个');
});

test('the catalogue pages through the pilots and searches their names', async ({ page }) => {
  await page.goto('/pilots');
  await page.getByRole('navigation', { name: '分页' }).getByRole('link', { name: '下一页' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole('status')).toHaveText('共 44 个，第 2 / 3 页');

  await page.getByLabel('名称或地名').fill('麻窝寨');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByRole('status')).toHaveText('符合条件的共 1 个');
  await expect(page).not.toHaveURL(/page=/);

  await page.getByLabel('名称或地名').fill('没有这个村');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.getByText('没有找到符合条件的示范村。')).toBeVisible();
});

test('the download links give CSV and JSON of exactly the current filter', async ({ page }) => {
  await page.goto('/pilots?county=' + encodeURIComponent(XINGREN));
  const csvHref = await page.getByRole('link', { name: 'CSV 表格' }).getAttribute('href');
  expect(csvHref).toBe('/api/v1/pilots.csv?county=%E5%85%B4%E4%BB%81%E5%B8%82');
  const csv = await page.request.get(csvHref!);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const text = (await csv.body()).toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.trim().split('\n')).toHaveLength(1 + 5);

  const jsonHref = await page.getByRole('link', { name: 'JSON 数据' }).getAttribute('href');
  const json = await (await page.request.get(jsonHref!)).json();
  expect(json.count).toBe(5);
});

test('a village page shows the document passage, its section, industries and the QR poster', async ({ page }) => {
  await page.goto('/pilots?county=' + encodeURIComponent(XINGREN) + '&level=' + encodeURIComponent('省级'));
  await page.getByRole('link', { name: '老里旗村·麻窝寨(含麻窝寨一、二、三组)' }).click();
  await expect(page).toHaveURL(/\/pilots\/qxn-p-01$/);
  await expect(page).toHaveTitle('老里旗村·麻窝寨(含麻窝寨一、二、三组) · 乡村振兴信息公开门户');
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /老里旗村/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('老里旗村·麻窝寨(含麻窝寨一、二、三组)');

  const says = page.getByRole('region', { name: '文件原文' });
  await expect(says.locator('mark')).toHaveText('兴仁市大山镇老里旗村麻窝寨(含麻窝寨一、二、三组)');
  await expect(says.getByRole('link', { name: '第六章 第四节 专栏14' })).toHaveAttribute('href', '/policies/policy-002/52#s-52');

  const industries = page.getByRole('region', { name: '所在县的特色产业' });
  await expect(industries.getByRole('link', { name: '茶叶' }).first()).toBeVisible();

  const report = page.getByRole('region', { name: '防贫申报二维码' });
  await expect(report.getByRole('img', { name: /防贫申报二维码/ })).toBeVisible();
  await expect(report).toContainText('/report?village=522302109207');
  await expect(page.getByRole('link', { name: '522302109207', exact: true })).toHaveAttribute('href', '/villages/522302109207');

  await report.getByRole('link', { name: '打印本村申报海报（A4）' }).click();
  await expect(page).toHaveURL(/\/pilots\/qxn-p-01\/poster$/);
  const poster = page.getByRole('article');
  await expect(poster.getByRole('heading', { level: 1 })).toHaveText('老里旗村·麻窝寨(含麻窝寨一、二、三组)');
  await expect(poster.getByRole('img', { name: /防贫申报二维码/ })).toBeVisible();
  await expect(poster.getByRole('listitem')).toHaveText([/^扫码/, /^填写/, /^记下回执号/]);
  await expect(poster).toContainText('12317');
});

test('the section link opens the document at the passage, on its chapter\'s page', async ({ page }) => {
  await page.goto('/pilots/qxn-p-01');
  await page.getByRole('link', { name: '第六章 第四节 专栏14' }).click();
  await expect(page).toHaveURL(/\/policies\/policy-002\/52#s-52$/);
  await expect(page).toHaveTitle(/^第六章 .* · /);
  await expect(page.locator('#s-52')).toContainText('老里旗村');
  await expect(page.locator('#s-52')).toBeInViewport();
  // The long plan is read chapter by chapter: this page holds the sixth chapter only, with
  // the way to the outline and to the chapters before and after it.
  const text = page.locator('.document-text');
  await expect(text.getByRole('heading', { level: 2 }).first()).toHaveText(/^第六章/);
  await expect(text).not.toContainText('第五章');
  const nav = page.getByRole('navigation', { name: '章节导航', exact: true });
  await expect(nav.getByRole('link', { name: /^上一部分：第五章/ })).toBeVisible();
  await nav.getByRole('link', { name: /^下一部分：第七章/ }).click();
  await expect(page.locator('.document-text h2').first()).toHaveText(/^第七章/);
  await page.getByRole('navigation', { name: '章节导航', exact: true }).getByRole('link', { name: '目录' }).click();
  await expect(page).toHaveURL(/\/policies\/policy-002$/);
});

test('an old link to a section of the plan still reaches it', async ({ page }, testInfo) => {
  // Links from before the plan was read chapter by chapter name the section on the
  // document's own page; that page's outline has an entry under every section's anchor.
  await page.goto('/policies/policy-002#s-52');
  if (jsEnabled(testInfo)) {
    // With scripts, the entry sends the reader on to the section itself.
    await expect(page).toHaveURL(/\/policies\/policy-002\/\d+#s-52$/);
    await expect(page.locator('#s-52')).toContainText('老里旗村');
    await expect(page.locator('#s-52')).toBeInViewport();
  } else {
    const entry = page.locator('li#s-52');
    await expect(entry).toBeInViewport();
    await entry.getByRole('link').click();
    await expect(page).toHaveURL(/\/policies\/policy-002\/\d+#s-52$/);
    await expect(page.locator('#s-52')).toContainText('老里旗村');
  }
});

test('the poster fills exactly one A4 page when printed, without the site chrome', async ({ page }) => {
  await page.goto('/pilots/qxn-p-01/poster');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('contentinfo')).toBeHidden();
  await expect(page.getByText('这是可打印的 A4 海报')).toBeHidden();
  const qr = await page.locator('.poster-qr svg').boundingBox();
  // 95 mm at 96 dpi is about 359 px: large enough to scan from a metre away.
  expect(qr!.width).toBeGreaterThan(340);
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages).toHaveLength(1);
});

test('an unknown village gets a 404 page', async ({ page, consoleErrors }) => {
  const response = await page.goto('/pilots/qxn-p-999');
  expect(response?.status()).toBe(404);
  // The browser logs the 404 status of the document itself; that one is expected.
  expect(consoleErrors).toEqual([
    'console: Failed to load resource: the server responded with a status of 404 (Not Found)',
  ]);
  consoleErrors.length = 0;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('没有找到这个示范村');
});

test('the regions page shows each classification as a chart, a table and a source', async ({ page }) => {
  await page.goto('/regions');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('地区与村庄分类');
  const shuicheng = page.locator('#shuicheng-classes');
  await expect(shuicheng.locator('svg')).toBeVisible();
  await expect(shuicheng.getByRole('table')).toContainText('乡村振兴引领示范村');
  await expect(shuicheng.getByRole('row')).toHaveCount(4);
  await expect(shuicheng).toContainText('来源：《');
  await expect(page.locator('.chart')).toHaveCount(4);
  await expect(page.locator('#qianxinan-counties').getByRole('row')).toHaveCount(10);
});

for (const path of ['/pilots', '/pilots/qxn-p-01', '/pilots/qxn-p-01/poster', '/regions']) {
  test(`${path} passes the WCAG 2.2 AA checks`, async ({ page }, testInfo) => {
    await page.goto(path);
    await expectNoAxeViolations(page, testInfo);
  });
}

test('the library lists documents and interpretations and opens a document by its contents', async ({ page }) => {
  await page.goto('/policies');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策文件与解读');
  await expect(page.getByRole('region', { name: /政策文件（4 份）/ }).getByRole('article')).toHaveCount(4);
  // 001 (a department's own interpretation) and the editors' five 编者解读.
  const interpretations = page.getByRole('region', { name: /政策解读（6 份）/ });
  await interpretations.getByRole('link', { name: /^【部门解读】/ }).click();
  await expect(page).toHaveURL(/\/policies\/policy-001$/);
  await expect(page.getByText('这是一份政策解读')).toBeVisible();
  await page.goto('/policies/policy-002');
  await page.getByRole('navigation', { name: '文件目录' }).getByRole('link', { name: /第四节 扎实推进示范试点建设/ }).click();
  await expect(page).toHaveURL(/\/policies\/policy-002\/\d+#s-51$/);
  await expect(page.locator('#s-51')).toBeInViewport();
});

test('every answer can be browsed by topic and kept to one place, without scripts', async ({ page }) => {
  await page.goto('/qa');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策问答：按主题浏览');
  // Every question is listed; each leads to its answer on its topic's page.
  await expect(page.locator('li.qa-question')).toHaveCount(147);
  await expect(page.locator('article')).toHaveCount(0);
  await page.locator('li#qa-001 a').click();
  await expect(page).toHaveURL(/\/qa\?topic=.+#qa-001$/);
  await expect(page.locator('article#qa-001 .place')).toHaveText('贵州·黔西南州');
  await expect(page.locator('article#qa-001 blockquote')).not.toBeEmpty();
  // Another topic, then one place within it.
  await page.getByRole('navigation', { name: '主题' }).getByRole('link', { name: /^产业（/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策问答：产业');
  await expect(page.locator('article.qa-entry')).toHaveCount(19);
  await page.getByLabel('只看一个地区').selectOption('yunxi');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/\/qa\?topic=%E4%BA%A7%E4%B8%9A&region=yunxi$/);
  await expect(page.locator('article.qa-entry')).toHaveCount(8);
  await expect(page.locator('article.qa-entry .place').first()).toHaveText('湖南·岳阳市云溪区');
  await page.getByRole('link', { name: '看全部主题的问题' }).click();
  await expect(page).toHaveURL(/\/qa\?region=yunxi$/);
  await expect(page.locator('li.qa-question')).toHaveCount(24);
});

for (const path of ['/policies', '/policies/policy-002', '/policies/policy-002/52', '/qa', '/privacy', '/targets', '/api']) {
  test(`${path} passes the WCAG 2.2 AA checks`, async ({ page }, testInfo) => {
    await page.goto(path);
    await expectNoAxeViolations(page, testInfo);
  });
}

test('a data user finds the open-data interface from any page and its examples answer', async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: '开放数据接口' }).click();
  await expect(page).toHaveURL(/\/api$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('开放数据接口');
  await expect(page.getByRole('link', { name: /CC BY 4\.0/ })).toHaveAttribute('href', /creativecommons\.org\/licenses\/by\/4\.0/);
  // Every example answers, with the open data's manners.
  const examples = await page.locator('.endpoint a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  expect(examples.length).toBe(9);
  for (const example of examples) {
    const answer = await request.get(example);
    expect(answer.status(), example).toBe(200);
    expect(answer.headers()['access-control-allow-origin'], example).toBe('*');
    expect(answer.headers()['etag'], example).toBeTruthy();
  }
  const description = await request.get('/api/v1/openapi.json');
  expect((await description.json()).openapi).toMatch(/^3\.1\./);
  // Nothing is wider than a 360 px phone.
  await page.setViewportSize({ width: 360, height: 740 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(360);
});
