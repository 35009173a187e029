// The household the report specs fill in, shared by the plain and the interactive specs.
import type { Page, TestInfo } from '@playwright/test';

// 老里旗村 (the village of the catalogue's qxn-p-01) by its official code, and a village
// that is in no catalogue: 街心社区 of 兴义市.
export const VILLAGE = '老里旗村';
export const LAOLIQI = '522302109207';
export const JIEXIN = '522301001001';
export const GOOD_ID = '11010519491231002X';
export const RECEIPT = /^[34679ACDEFGHJKMNPQRTWXY]{4}-[34679ACDEFGHJKMNPQRTWXY]{4}$/;

// Each project and test reports its own household, so runs never share a receipt.
export function household(testInfo: TestInfo, tag: string) {
  const phone = `139${String(Date.now() % 100000000).padStart(8, '0')}`;
  return { phone, description: `老人住院，花了三万多元（${testInfo.project.name} ${tag}）。` };
}

export async function fillCompletely(page: Page, phone: string, description: string) {
  await page.getByLabel('户主姓名').fill('王大山');
  await page.getByLabel('户主身份证号').fill(GOOD_ID);
  await page.getByLabel('联系电话（手机）').fill(phone);
  await page.getByLabel('家庭人口').fill('4');
  await page.getByLabel('因病').check();
  await page.getByLabel('情况说明').fill(description);
  await page.getByLabel('本人').check();
}
