import { expect, test } from '@playwright/test';
import { button, installHooks, screenshot, waitForBackend } from './studio';

test('the Data panel shows MNIST with samples, and the theme toggles to dark', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await installHooks(page);
  await page.goto('/#data');
  await waitForBackend(page);

  const data = page
    .getByRole('region', { name: 'Data' })
    .or(
      page
        .locator('section')
        .filter({ has: page.getByRole('heading', { name: 'Data', exact: true }) }),
    );
  await expect(data.first()).toContainText('MNIST');
  const samples = page.getByRole('figure', { name: 'Samples of MNIST' });
  await samples.scrollIntoViewIfNeeded();
  await expect(samples).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Import EMNIST files', { exact: true })).toBeAttached();
  await screenshot(page, '06-data-panel');

  const dark = button(page, 'Dark mode');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  // The system's light scheme (emulated before the page loaded) with no choice stored yet.
  await expect(dark).toHaveAttribute('aria-pressed', 'false');
  expect(await background()).toBe('rgb(246, 247, 249)');
  await dark.click();
  await expect(dark).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(background, 'the page background turns dark').toBe('rgb(15, 18, 22)');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, '09-dark-mode');
});

test('a bad EMNIST file is rejected with a reason', async ({ page }) => {
  await page.goto('/#data');
  await waitForBackend(page);
  await page.getByLabel('Import EMNIST files', { exact: true }).setInputFiles({
    name: 'emnist-byclass-train-images-idx3-ubyte.gz',
    mimeType: 'application/gzip',
    buffer: Buffer.from('definitely not gzip'),
  });
  const alert = page.getByRole('alert');
  await expect(alert).toHaveCount(1, { timeout: 30_000 });
  await expect(alert).toContainText('emnist-byclass-train-images-idx3-ubyte.gz');
  await expect(page.getByRole('figure', { name: 'Samples of MNIST' })).toBeAttached();
});
