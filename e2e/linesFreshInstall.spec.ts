import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { button, installHooks, waitForBackend } from './studio';

const shots = 'e2e/screenshots';

test('Lines on a fresh install previews MNIST lines, and a failed preview replaces them with why', async ({
  page,
}) => {
  mkdirSync(shots, { recursive: true });
  await installHooks(page);
  await page.goto('/#lines');
  await waitForBackend(page);
  const lines = page.getByRole('region', { name: 'Lines', exact: true });
  const figure = lines.getByRole('figure', { name: 'Generated lines' });
  await expect(figure).toBeVisible({ timeout: 60_000 });
  await expect(figure).toContainText('Generated lines (MNIST digits)');
  await expect(figure.getByRole('img', { name: /^Line: [\d ]+$/ })).toHaveCount(4);
  await expect(lines.getByLabel('Glyphs')).toHaveValue('MNIST');
  await expect(
    lines.getByRole('link', { name: /Import EMNIST in the Data panel/ }),
  ).toHaveAttribute('href', '#data');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await lines.screenshot({ path: `${shots}/lines-desktop.png` });

  // Parameters the generator refuses: the old lines go, the reason takes their place.
  await lines.getByLabel('Max overlap').fill('-0.5');
  await button(lines, 'Generate lines').click();
  const problem = lines.getByRole('alert');
  await expect(problem).toContainText(
    'Could not generate MNIST digits lines: Overlaps must satisfy 0 <= min_overlap <= max_overlap < 1',
  );
  await expect(figure).toHaveCount(0);
  await lines.screenshot({ path: `${shots}/lines-error.png` });

  await lines.getByLabel('Max overlap').fill('0.2');
  await button(lines, 'Generate lines').click();
  await expect(figure).toBeVisible({ timeout: 60_000 });
  await expect(problem).toHaveCount(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await lines.scrollIntoViewIfNeeded();
  await lines.screenshot({ path: `${shots}/lines-phone.png` });
});
