// Specs that need the pages' plain scripts: only the JavaScript-on projects load this file.
import { test, expect, expectNoAxeViolations, waitForScripts } from './fixtures';
import { GOOD_ID, JIEXIN, household } from './household';

test('interactive: a reload while typing keeps the draft, except the ID number and the phone', async ({ page }, testInfo) => {
  const { phone, description } = household(testInfo, 'draft');
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page, testInfo);
  await page.getByLabel('户主姓名').fill('王大山');
  await page.getByLabel('户主身份证号').fill(GOOD_ID);
  await page.getByLabel('联系电话（手机）').fill(phone);
  await page.getByLabel('缺劳力').check();
  await page.getByLabel('情况说明').fill(description);
  await expect(page.getByRole('status')).toContainText('草稿已保存');

  await page.reload();
  await waitForScripts(page, testInfo);
  await expect(page.getByLabel('户主姓名')).toHaveValue('王大山');
  await expect(page.getByLabel('联系电话（手机）')).toHaveValue('');
  await expect(page.getByLabel('情况说明')).toHaveValue(description);
  await expect(page.getByLabel('缺劳力')).toBeChecked();
  await expect(page.getByLabel('户主身份证号')).toHaveValue('');
  await expect(page.getByRole('status')).toContainText('已恢复');
  const saved = await page.evaluate(() => localStorage.getItem('portal-report-draft'));
  expect(saved).not.toContain('11010519');
  expect(saved).not.toContain(phone);

  await page.getByLabel('户主身份证号').fill(GOOD_ID);
  await page.getByLabel('联系电话（手机）').fill(phone);
  await page.getByLabel('家庭人口').fill('3');
  await page.getByLabel('家属').check();
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(/\/report\/done\//);
  await waitForScripts(page, testInfo);
  expect(await page.evaluate(() => localStorage.getItem('portal-report-draft'))).toBeNull();
});

test('interactive: a draft older than a day is dropped, not restored', async ({ page }, testInfo) => {
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page, testInfo);
  await page.evaluate(() => {
    const twoDaysAgo = Date.now() - 2 * 24 * 60 * 60 * 1000;
    localStorage.setItem('portal-report-draft', `_saved_at=${twoDaysAgo}&name=%E6%97%A7%E8%8D%89%E7%A8%BF`);
  });
  await page.reload();
  await waitForScripts(page, testInfo);
  await expect(page.getByLabel('户主姓名')).toHaveValue('');
  expect(await page.evaluate(() => localStorage.getItem('portal-report-draft'))).toBeNull();
});

test('interactive: an old draft is deleted by any page, not only the form', async ({ page }, testInfo) => {
  await page.goto('/ask');
  await waitForScripts(page, testInfo);
  await page.evaluate(() => {
    const twoDaysAgo = Date.now() - 2 * 24 * 60 * 60 * 1000;
    localStorage.setItem('portal-report-draft', `_saved_at=${twoDaysAgo}&name=%E6%97%A7%E8%8D%89%E7%A8%BF`);
  });
  await page.goto('/');
  await waitForScripts(page, testInfo);
  expect(await page.evaluate(() => localStorage.getItem('portal-report-draft'))).toBeNull();
});

test('interactive: typing 汉字 or pinyin initials suggests villages with their township and county', async ({ page }, testInfo) => {
  await page.goto('/report');
  await waitForScripts(page, testInfo);
  await page.getByLabel('户主姓名').fill('王大山');
  const finder = page.getByLabel('输入村名查找');
  const matches = page.locator('#village-matches');
  await finder.pressSequentially('llq', { delay: 50 });
  await expect(matches.getByRole('button', { name: /老里旗村 大山镇 · 兴仁市/ })).toBeVisible();
  await finder.fill('');
  await finder.pressSequentially('街心', { delay: 50 });
  await expect(matches.getByRole('button', { name: /街心社区 黄草街道 · 兴义市/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /找到 \d+ 个村/ })).toBeVisible();
  await matches.getByRole('button', { name: /街心社区/ }).first().click();
  await expect(page.locator('input[name="village"]')).toHaveValue(JIEXIN);
  await expect(page.getByLabel('户主姓名')).toHaveValue('王大山');
  await expectNoAxeViolations(page, testInfo);
});
