// Specs that need the pages' plain scripts: only the JavaScript-on projects load this file.
import { test, expect, expectNoAxeViolations, waitForScripts } from './fixtures';

test('interactive: answers follow the typing, the address follows, and only the newest query counts', async ({ page }, testInfo) => {
  await page.goto('/ask');
  await waitForScripts(page, testInfo);
  // A marker in the window survives only if the page is not loaded anew (replaceState
  // counts as a navigation for Playwright, so navigations cannot be counted).
  await page.evaluate(() => ((window as any).portalMarker = 'kept'));
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/ask/results')) requests.push(request.url());
  });
  const box = page.getByLabel('您想问什么？');
  await box.pressSequentially('贷款', { delay: 40 });
  const answers = page.getByRole('region', { name: /^问答（/ });
  await expect(answers.getByRole('article').first()).toContainText('贷');
  await expect(page).toHaveURL(/\/ask\?q=%E8%B4%B7%E6%AC%BE$/);
  // Typing on replaces the answer without loading a page.
  await box.fill('');
  await box.pressSequentially('危房', { delay: 40 });
  await expect(page.getByRole('status')).toContainText('找到');
  await expect(page.locator('.ask-results article').first()).toContainText(/房/);
  expect(await page.evaluate(() => (window as any).portalMarker)).toBe('kept');
  // Keystrokes within a pause are asked once: far fewer requests than characters typed.
  expect(requests.length).toBeLessThanOrEqual(4);
  // Following a result goes to the section.
  await page.locator('.ask-results article a').first().click();
  await expect(page).toHaveURL(/\/policies\/policy-\d+\/\d+#s-\d+$/);
});
