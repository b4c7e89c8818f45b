import { expect, test } from '@playwright/test';
import { button, installHooks, testMetrics, waitForBackend, waitForTestMetrics } from './studio';

test('Quick look, on the backend auto picks, completes and shows test metrics', async ({
  page,
}) => {
  await installHooks(page);
  await page.goto('/');
  await waitForBackend(page);
  const quickLook = button(page, 'Quick look');
  await quickLook.click();
  await expect(quickLook).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/limit_train_batches=100/);
  await button(page, 'Train').click();
  await waitForTestMetrics(page);
  await expect(testMetrics(page)).toContainText(/test\/loss\s+\d/);
  // A fresh reload of the preset's link still shows it chosen (defaults are left out of links).
  await page.reload();
  await expect(button(page, 'Quick look')).toHaveAttribute('aria-pressed', 'true');
});

test('a preset that needs EMNIST says where to import it until it is there', async ({ page }) => {
  await page.goto('/');
  await waitForBackend(page);
  const emnist = button(page, 'The lab’s CNN on EMNIST, one epoch');
  await expect(emnist).toBeDisabled();
  await expect(emnist).toHaveAccessibleDescription(/Needs EMNIST: import it in Data\./);
  await page.getByRole('link', { name: 'import it in Data' }).click();
  await expect(page.getByRole('heading', { name: 'Data', level: 2 })).toBeVisible();
});
