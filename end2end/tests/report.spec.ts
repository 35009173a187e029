import { test, expect, expectNoAxeViolations, waitForScripts } from './fixtures';
import { GOOD_ID, JIEXIN, LAOLIQI, RECEIPT, VILLAGE, fillCompletely, household } from './household';

test('a household reports from the poster link, fixes its mistakes and gets a receipt', async ({ page }, testInfo) => {
  const { phone, description } = household(testInfo, 'mistakes');
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('防贫申报');
  await expect(page.getByText(VILLAGE)).toBeVisible();

  await fillCompletely(page, phone, description);
  await page.getByLabel('户主身份证号').fill('110105194912310021');
  await page.getByLabel('家庭人口').fill('四');
  await page.getByRole('button', { name: '提交申报' }).click();

  const summary = page.getByRole('alert').filter({ hasText: '需要修改' });
  await expect(summary.getByRole('heading')).toHaveText('还有 3 处需要修改，改好后再提交');
  await expect(summary.getByRole('link')).toHaveText([/校验码/, /家庭人口请填数字/, /勾选同意/]);
  // Everything typed is still there.
  await expect(page.getByLabel('户主姓名')).toHaveValue('王大山');
  await expect(page.getByLabel('联系电话（手机）')).toHaveValue(phone);
  await expect(page.getByLabel('情况说明')).toHaveValue(description);
  await expect(page.getByLabel('因病')).toBeChecked();
  await expect(page.getByLabel('户主身份证号')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, testInfo);

  await summary.getByRole('link', { name: /校验码/ }).click();
  await expect(page).toHaveURL(/#f-id_number$/);
  await page.getByLabel('户主身份证号').fill(GOOD_ID);
  await page.getByLabel('家庭人口').fill('4');
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();

  await expect(page).toHaveURL(/\/report\/done\/[A-Z0-9]{8}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申报已提交');
  const code = (await page.locator('.receipt-code').textContent())!.trim();
  expect(code).toMatch(RECEIPT);
  await expect(page.getByText('1101**********002X')).toBeVisible();
  await expect(page.getByText(GOOD_ID)).toHaveCount(0);
  await expect(page.locator('.next-steps li')).toHaveCount(3);
  await waitForScripts(page, testInfo);
  await expectNoAxeViolations(page, testInfo);

  // The receipt code and the last four digits of the phone show the progress.
  await page.getByRole('link', { name: '查询办理进度' }).click();
  await page.getByRole('textbox', { name: '回执号' }).fill(code.toLowerCase());
  await page.getByLabel('申报时所填手机号的后四位').fill(phone.slice(-4));
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('现在：已提交')).toBeVisible();
  await expect(page.getByText(phone)).toHaveCount(0);

  await page.getByRole('textbox', { name: '回执号' }).fill(code);
  await page.getByLabel('申报时所填手机号的后四位').fill('0000');
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText(/没有查到/)).toBeVisible();
});

test('submitting again after going back returns the same receipt', async ({ page }, testInfo) => {
  const { phone, description } = household(testInfo, 'back');
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page, testInfo);
  await fillCompletely(page, phone, description);
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(/\/report\/done\//);
  const first = page.url();

  await page.goBack();
  await expect(page).toHaveURL(/\/report\?village=qxn-p-01$/);
  // Whatever the browser kept, the same household sending the same report gets one case.
  await fillCompletely(page, phone, description);
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(first);
});

test('without a poster link the village is picked step by step, and what was typed stays', async ({ page }, testInfo) => {
  await page.goto('/report');
  await page.getByLabel('户主姓名').fill('王大山');
  await page.getByLabel('联系电话（手机）').fill('13912345678');
  const picker = page.getByRole('group', { name: '所在村' });
  await expect(picker.getByText('选择县（市、区）')).toBeVisible();
  await picker.getByRole('button', { name: /兴仁市/ }).click();
  await expect(page).toHaveURL(/\/report\/pick\?at=522302$/);
  await expect(page.getByLabel('户主姓名')).toHaveValue('王大山');
  await page.getByRole('group', { name: '所在村' }).getByRole('button', { name: /^大山镇/ }).click();
  await page.getByRole('group', { name: '所在村' }).getByRole('button', { name: VILLAGE, exact: true }).click();
  await expect(page.locator('#f-village')).toContainText(VILLAGE);
  await expect(page.locator('input[name="village"]')).toHaveValue(LAOLIQI);
  await expect(page.getByLabel('户主姓名')).toHaveValue('王大山');
  await expect(page.getByLabel('联系电话（手机）')).toHaveValue('13912345678');
  await page.getByRole('button', { name: '提交申报' }).click();
  // The choice survives the round trip with the other mistakes, shown by name.
  await expect(page.getByRole('alert').filter({ hasText: '需要修改' })).toBeVisible();
  await expect(page.locator('#f-village')).toContainText(VILLAGE);
  await page.getByRole('button', { name: '不是这个村？重新选择' }).click();
  await expect(page.getByRole('group', { name: '所在村' }).getByText('选择县（市、区）')).toBeVisible();
  await expect(page.getByLabel('户主姓名')).toHaveValue('王大山');
  await expectNoAxeViolations(page, testInfo);
});

test('a household of a village outside the catalogue finds it by name and reports', async ({ page }, testInfo) => {
  const { phone, description } = household(testInfo, 'jiexin');
  await page.goto('/report');
  await waitForScripts(page, testInfo);
  await page.getByLabel('输入村名查找').fill('街心');
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('button', { name: /街心社区/ }).first().click();
  await expect(page.locator('input[name="village"]')).toHaveValue(JIEXIN);
  await fillCompletely(page, phone, description);
  await page.getByLabel(/我承诺所填情况真实/).check();
  await page.getByRole('button', { name: '提交申报' }).click();
  await expect(page).toHaveURL(/\/report\/done\//);
  await expect(page.getByText('街心社区（兴义市 黄草街道）')).toBeVisible();
});

test('the report form passes the WCAG 2.2 AA checks', async ({ page }, testInfo) => {
  await page.goto('/report?village=qxn-p-01');
  await waitForScripts(page, testInfo);
  await expectNoAxeViolations(page, testInfo);
});
