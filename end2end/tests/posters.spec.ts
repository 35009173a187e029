// Posters as a township prints them: one A4 page per village, with real Chinese fonts
// (fonts-noto-cjk), and a QR code that reads back to exactly the village's report address.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { test, expect } from './fixtures';
import { JIEXIN } from './household';

// The pages of a PDF Chromium printed: one `/Type /Page` object each.
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

async function printed(page: import('@playwright/test').Page): Promise<number> {
  await page.emulateMedia({ media: 'print' });
  return pageCount(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
}

test('a township prints all its posters at once: N villages, N pages', async ({ page }) => {
  await page.goto('/posters?town=522302109');
  const posters = page.locator('article.poster');
  const count = await posters.count();
  expect(count).toBeGreaterThan(5);
  await expect(page.locator('.poster-set')).toHaveAttribute('data-villages', String(count));
  expect(await printed(page)).toBe(count);
});

for (const [what, path] of [
  ['the longest pilot name', '/pilots/qxn-p-01/poster'],
  ['the longest village name of the five regions', '/villages/522327105002/poster'],
  ['a village outside the catalogue', `/villages/${JIEXIN}/poster`],
]) {
  test(`the poster of ${what} fits one A4 page, the hotline and privacy line included`, async ({ page }) => {
    // The width of an A4 sheet inside its 12 mm margins, as the printed page lays it out.
    await page.setViewportSize({ width: 703, height: 1032 });
    await page.goto(path);
    expect(await printed(page)).toBe(1);
    // Nothing is cut off inside the sheet: the last line ends above the poster's bottom.
    const box = (await page.locator('article.poster').boundingBox())!;
    const last = (await page.locator('.poster-privacy').boundingBox())!;
    expect(last.y + last.height).toBeLessThanOrEqual(box.y + box.height);
  });
}

test('the QR code of a village outside the catalogue reads back to its report address', async ({ page, baseURL }) => {
  await page.goto(`/villages/${JIEXIN}/poster`);
  const shot = await page.locator('.poster-qr').screenshot();
  const image = PNG.sync.read(shot);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  expect(code?.data).toBe(`${baseURL}/report?village=${JIEXIN}`);
});

