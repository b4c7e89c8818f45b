import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  button,
  installHooks,
  openSection,
  studioUrl,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

/** A section by its h2 (they are `<section aria-labelledby>`, so role region). */
function section(page: Page, name: string): Locator {
  return page.getByRole('region', { name, exact: true });
}

/** One section's screenshot, kept for review next to the other specs' (gitignored). */
async function sectionShot(part: Locator, name: string): Promise<void> {
  const dir = join('e2e', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await part.screenshot({ path: join(dir, `${name}.png`) });
}

/** The confusion matrix's Recall (or Precision) column, top to bottom ("–": null). */
async function accuracyColumn(matrix: Locator, column = 'recall'): Promise<(number | null)[]> {
  const texts = await matrix.locator(`tbody td.${column}`).allTextContents();
  return texts.map((text) => (text === '–' ? null : Number.parseFloat(text)));
}

/** Ascending (1) or descending (-1), nulls last. */
function sortedAccuracies(values: (number | null)[], sign: 1 | -1): (number | null)[] {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => sign * (a - b));
  return [...known, ...values.filter((v) => v === null)];
}

/** Trains the configuration of `query` from the link and waits for its test metrics. */
async function train(page: Page, query: Record<string, string>): Promise<void> {
  await installHooks(page);
  await page.goto(studioUrl(query));
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForTestMetrics(page, 240_000);
}

test('after a run, the Errors section shows the confusion matrix and misclassified images', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await train(page, { max_epochs: '1' });
  await openSection(page, 'Errors');
  const errors = section(page, 'Errors');
  const analyze = button(errors, 'Analyze errors');
  await expect(analyze).toBeEnabled();
  await analyze.click();

  const matrix = errors.getByRole('table', { name: 'Confusion matrix' });
  await expect(matrix).toBeVisible({ timeout: 120_000 });
  const cells = matrix.locator('td[title]');
  expect(await cells.count()).toBeGreaterThan(0);
  await expect(cells.first()).toHaveAttribute('title', /^true \S+ → predicted \S+: \d+/);
  await expect(errors.getByRole('list', { name: 'Most confused pairs' })).toBeVisible();
  const gallery = errors.getByRole('figure', { name: 'Misclassified test images' });
  await expect(
    gallery.getByRole('img', { name: /^Test image \d+: true \S+, predicted \S+ \(\d/ }).first(),
  ).toBeVisible();

  // The controls are plain form controls, so keyboard reachable.
  await errors.getByLabel('Normalize rows').check();
  await expect(cells.first()).toHaveAttribute('title', /% of true/);
  // Sorted by accuracy both ways: the rows are the same classes, ordered by the last column,
  // classes without test images ("–") last.
  const rowClasses = async () => (await matrix.locator('tbody th').allTextContents()).sort();
  const classes = await rowClasses();
  const sort = errors.getByLabel('Sort classes');
  await sort.selectOption('worst');
  const worst = await accuracyColumn(matrix);
  expect(new Set(worst).size, 'the classes differ in accuracy').toBeGreaterThan(1);
  expect(worst).toEqual(sortedAccuracies(worst, 1));
  await sort.selectOption('best');
  const best = await accuracyColumn(matrix);
  expect(best).toEqual(sortedAccuracies(worst, -1));
  expect(await rowClasses()).toEqual(classes);
  // Precision beside recall, and top-3 beside the accuracies.
  const precision = await accuracyColumn(matrix, 'precision');
  expect(precision).toHaveLength(best.length);
  const known = precision.filter((p) => p !== null);
  expect(known.length).toBeGreaterThan(0);
  expect(known.every((p) => p >= 0 && p <= 100)).toBe(true);
  await expect(errors.getByText(/^Top-3 \d+(\.\d)?%/)).toBeVisible();
  await sectionShot(errors, '10-errors-section');
});

test('a tiny line model reads a line written on the line pad', async ({ page }) => {
  test.setTimeout(300_000);
  // No glyph_source: a fresh install has no EMNIST, so the run draws MNIST digits and says so.
  await train(page, {
    data_class: 'EMNISTLines',
    model_class: 'LineCNNSimple',
    batch_size: '4',
    num_train: '16',
    num_val: '8',
    num_test: '8',
    limit_train_batches: '2',
    max_epochs: '1',
  });
  await expect(
    page.getByRole('status').filter({ hasText: 'EMNIST is not imported' }),
  ).toContainText('the lines are drawn from MNIST digits (glyph_source MNIST)');
  await openSection(page, 'Lines');
  const lines = section(page, 'Lines');
  await expect(lines.getByRole('figure', { name: 'Generated lines' })).toBeVisible({
    timeout: 60_000,
  });
  const pad = lines.getByLabel('Line drawing pad', { exact: true });
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('The line pad has no bounding box (not visible).');
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  // A "1", then apart from it a "7".
  await page.mouse.move(...at(0.1, 0.2));
  await page.mouse.down();
  await page.mouse.move(...at(0.1, 0.8), { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(...at(0.18, 0.2));
  await page.mouse.down();
  await page.mouse.move(...at(0.26, 0.2), { steps: 6 });
  await page.mouse.move(...at(0.2, 0.8), { steps: 8 });
  await page.mouse.up();

  const read = button(lines, 'Read line');
  await expect(read).toBeEnabled();
  await read.click();
  const recognized = lines.getByLabel('Recognized text', { exact: true });
  await expect(recognized).toBeVisible({ timeout: 60_000 });
  await expect(recognized).not.toBeEmpty();
  await expect(lines.getByRole('img', { name: 'Line model input' })).toBeVisible();
  await sectionShot(lines, '11-lines-section');
});
