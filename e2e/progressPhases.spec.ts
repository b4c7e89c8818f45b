import { expect, type Page, test } from '@playwright/test';
import { recordTexts, seenTexts } from './seenTexts';
import {
  button,
  installHooks,
  openSection,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForFinished,
} from './studio';

// More validation and test batches than the tiny config's one, so each loop lasts a while.
const valBatches = 20;
const testBatches = 40;

async function trainTiny(page: Page): Promise<void> {
  await installHooks(page);
  await page.goto(
    // WebGPU's software adapter: slow enough that each loop lasts several page updates (on
    // wasm a tiny model's validation can end between two).
    studioUrl({
      backend: 'webgpu',
      max_epochs: '1',
      limit_val_batches: String(valBatches),
      limit_test_batches: String(testBatches),
    }),
  );
  await waitForBackend(page);
  await recordTexts(page, {
    progress: '.panel.run .progress-text',
    badge: '.panel.run .badge',
    analysis: '[role="status"][aria-label="Error analysis"]',
  });
  await button(page, 'Train').click();
  await waitForFinished(page);
}

test('the progress shows validation and test phases', async ({ page }) => {
  test.setTimeout(300_000);
  await trainTiny(page);

  const texts = await seenTexts(page, 'progress');
  const validating = texts.filter((t) =>
    new RegExp(`^\\d+% Validating epoch 0/0 · batch \\d+/${valBatches} · ETA `).test(t),
  );
  const testing = texts.filter((t) =>
    new RegExp(`^\\d+% Testing · batch \\d+/${testBatches} · ETA `).test(t),
  );
  expect(validating, `validation in the progress texts: ${texts.join(' | ')}`).not.toEqual([]);
  expect(testing, `test in the progress texts: ${texts.join(' | ')}`).not.toEqual([]);
  expect(texts.indexOf(validating[0])).toBeLessThan(texts.indexOf(testing[0]));
  // Training's own line comes first, counting epochs from 0 as Lightning does.
  expect(texts.findIndex((t) => /^\d+% Epoch 0\/0 · batch \d\/3 · /.test(t))).toBeLessThan(
    texts.indexOf(validating[0]),
  );

  // The page shows the end at its next update, after the worker's finished event.
  await expect(page.locator('.panel.run .badge')).toHaveText('Finished');
  const badges = await seenTexts(page, 'badge');
  const first = (text: string) => badges.indexOf(text);
  expect(first('Training'), badges.join(' | ')).toBeGreaterThanOrEqual(0);
  expect(first('Validating'), badges.join(' | ')).toBeGreaterThan(first('Training'));
  expect(first('Testing'), badges.join(' | ')).toBeGreaterThan(first('Validating'));
  expect(badges.at(-1)).toBe('Finished');

  // Each loop's events: its start and its end, and never more than one a batch.
  const progress = await trainerEvents(page, 'evalProgress');
  for (const [phase, batches] of [
    ['validate', valBatches],
    ['test', testBatches],
  ] as const) {
    const counts = progress.filter((e) => e.phase === phase).map((e) => e.batch);
    expect(counts[0], phase).toBe(0);
    expect(counts.at(-1), phase).toBe(batches);
    expect(counts.length, phase).toBeLessThanOrEqual(batches + 1);
  }
});

test('the Errors panel shows the analysis progress next to its button', async ({ page }) => {
  test.setTimeout(300_000);
  await trainTiny(page);
  await openSection(page, 'Errors');
  const errors = page.getByRole('region', { name: 'Errors', exact: true });
  // The run's best checkpoint is loaded for the Playground once the run has ended.
  await expect(button(errors, 'Analyze errors')).toBeEnabled({ timeout: 60_000 });
  await button(errors, 'Analyze errors').click();
  await expect(errors.getByRole('table', { name: 'Confusion matrix' })).toBeVisible({
    timeout: 120_000,
  });
  const texts = await seenTexts(page, 'analysis');
  expect(
    texts.some((t) => new RegExp(`^Analyzing errors · batch \\d+/${testBatches} \\d+%$`).test(t)),
    `the analysis status texts: ${texts.join(' | ')}`,
  ).toBe(true);
  // Done: the status is gone, the report stays.
  await expect(errors.getByRole('status', { name: 'Error analysis' })).toHaveCount(0);
});
