import { test, expect, expectNoAxeViolations, waitForScripts } from './fixtures';

test('a question asked with the plain form gets answers with their sources', async ({ page }, testInfo) => {
  await page.goto('/ask');
  await waitForScripts(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策问答');
  await expect(page.getByRole('heading', { name: '大家常问' })).toBeVisible();
  const box = page.getByLabel('您想问什么？');
  await box.fill('看病能报多少');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/ask\?q=/);
  const answers = page.getByRole('region', { name: /^问答（/ });
  await expect(answers.getByRole('article').first()).toBeVisible();
  await expect(answers.locator('mark').first()).toBeVisible();
  await expect(page.getByText('也按政策用语查找了')).toBeVisible();
  await expect(answers.getByRole('article').first().getByText(/^出处：/)).toBeVisible();
  await expectNoAxeViolations(page, testInfo);
});

test('an answer leads to the exact section of the document, marked', async ({ page }, testInfo) => {
  await page.goto('/ask?q=' + encodeURIComponent('危房改造有补助吗'));
  const first = page.getByRole('region', { name: /^问答（/ }).getByRole('article').first();
  const link = first.getByRole('link', { name: '看原文这一节' });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/policies\/policy-\d+\/\d+#s-\d+$/);
  await link.click();
  await expect(page).toHaveURL(new RegExp(href!.replace(/[?]/g, '\\?') + '$'));
  const anchor = href!.split('#')[1];
  const section = page.locator(`[id="${anchor}"]`);
  await expect(section).toBeVisible();
  // The section the link names is the one the browser marks as its target.
  const background = await section.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  await expectNoAxeViolations(page, testInfo);
});

test('a question the documents do not answer says so and offers the hotline and the form', async ({ page }) => {
  await page.goto('/ask?q=' + encodeURIComponent('驾照怎么考'));
  await expect(page.getByRole('heading', { name: /没有找到与“驾照怎么考”相关的政策内容/ })).toBeVisible();
  await expect(page.getByRole('link', { name: '填写防贫申报' })).toHaveAttribute('href', '/report');
  await expect(page.locator('a[href^="tel:"]').first()).toBeVisible();
});


test('a reader chooses their place once: its answers come first, others are marked, and it is remembered', async ({ page }, testInfo) => {
  await page.goto('/ask?q=' + encodeURIComponent('低保'));
  await waitForScripts(page, testInfo);
  // Every answer names its place first.
  const first = page.getByRole('region', { name: /问答（/ }).first().getByRole('article').first();
  await expect(first.locator('.place')).toHaveText(/^(贵州|重庆|湖南)·/);
  await page.getByLabel('我在哪里').selectOption('yunxi');
  await page.getByRole('button', { name: '按这个地区排' }).click();
  await expect(page).toHaveURL(/region=yunxi/);
  await expect(page.getByText('按您选的地区（湖南·岳阳市云溪区）排序')).toBeVisible();
  const answers = page.getByRole('region', { name: /问答（/ }).first().getByRole('article');
  await expect(answers.first().locator('.place')).toHaveText('湖南·岳阳市云溪区');
  await expect(page.locator('.place.elsewhere').first()).toContainText('外地政策');
  // Remembered: a new question without the choice in the address.
  await page.goto('/ask?q=' + encodeURIComponent('低保'));
  await expect(page.getByLabel('我在哪里')).toHaveValue('yunxi');
  await expect(page.getByText('按您选的地区（湖南·岳阳市云溪区）排序')).toBeVisible();
  // And forgotten again.
  await page.getByLabel('我在哪里').selectOption('');
  await page.getByRole('button', { name: '按这个地区排' }).click();
  await expect(page.locator('.place.elsewhere')).toHaveCount(0);
  await expectNoAxeViolations(page, testInfo);
});
