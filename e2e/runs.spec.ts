import { expect, type Page, test } from '@playwright/test';
import {
  chart,
  checkpointRows,
  dataPoints,
  installHooks,
  openSection,
  screenshot,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

/** Trains the tiny CNN with `overrides` on a fresh page; returns the run's name. */
async function trainOnce(page: Page, overrides: Record<string, string>): Promise<string> {
  await page.goto(studioUrl({ backend: 'wasm', ...overrides }));
  await waitForBackend(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForTestMetrics(page, 240_000);
  const [started] = await trainerEvents(page, 'runStarted');
  if (!started) throw new Error('no runStarted event');
  // The record is stored after the test metrics arrive; the Runs view lists it once stored.
  await openSection(page, 'Runs');
  await expect(page.getByRole('checkbox', { name: `Compare ${started.runName}` })).toBeVisible({
    timeout: 30_000,
  });
  return started.runName;
}

test('two runs are recorded across reloads, overlaid, diffed, and one is deleted with its checkpoints', async ({
  page,
}) => {
  test.setTimeout(420_000);
  await installHooks(page);
  const first = await trainOnce(page, { lr: '0.001' });
  const second = await trainOnce(page, { lr: '0.01' });

  await page.reload();
  // The run panel shows the latest run again: its curves and test metrics.
  await openSection(page, 'Train');
  await expect
    .poll(() => dataPoints(chart(page, 'Training loss')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect(page.getByRole('region', { name: 'Test metrics' })).toContainText(/test\/acc\s+\d/);

  await openSection(page, 'Runs');
  const table = page.locator('table.runs-table');
  await expect(table.locator('tr.run-row')).toHaveCount(2);
  await expect(table.locator('tr.run-row').first()).toHaveAttribute('data-run', second);
  for (const name of [first, second]) {
    await page.getByRole('checkbox', { name: `Compare ${name}` }).check();
  }
  const overlay = chart(page, 'train/loss by step');
  await expect(overlay.locator('.recharts-line')).toHaveCount(2);
  expect(await dataPoints(overlay)).toBeGreaterThanOrEqual(2 * 6);
  const diff = page.locator('table.config-diff');
  await expect(diff.getByRole('row', { name: /^lr / })).toContainText('0.001');
  await expect(diff.getByRole('row', { name: /^lr / })).toContainText('0.01');
  await page.getByRole('combobox', { name: 'Metric', exact: true }).selectOption('validation/acc');
  await expect(chart(page, 'validation/acc by step').locator('.recharts-line')).toHaveCount(2);
  await screenshot(page, 'runs-compare');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'runs-compare-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Sorting by test accuracy puts runs without one last and toggles the order.
  await page.getByRole('button', { name: 'Test acc.', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Test acc.' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );

  await openSection(page, 'Checkpoints');
  const ownCheckpoints = (runName: string) =>
    checkpointRows(page).filter({
      has: page.getByRole('button', { name: new RegExp(`^Load ${runName} `) }),
    });
  expect(await ownCheckpoints(first).count()).toBeGreaterThan(0);
  const secondCheckpoints = await ownCheckpoints(second).count();

  await openSection(page, 'Runs');
  await page.getByRole('button', { name: `Delete ${first}`, exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: `Delete run ${first}` });
  await expect(
    dialog.getByRole('checkbox', { name: /Also delete its \d+ stored checkpoints/ }),
  ).toBeChecked();
  await dialog.getByRole('button', { name: 'Delete run' }).click();
  await expect(table.locator('tr.run-row')).toHaveCount(1);

  await page.reload();
  await openSection(page, 'Runs');
  await expect(page.locator('table.runs-table tr.run-row')).toHaveCount(1);
  await openSection(page, 'Checkpoints');
  await expect(ownCheckpoints(first)).toHaveCount(0);
  await expect(ownCheckpoints(second)).toHaveCount(secondCheckpoints);

  // Re-run trains the recorded config again, as a new run.
  await openSection(page, 'Runs');
  await page.getByRole('button', { name: `Re-run ${second}`, exact: true }).click();
  await expect(
    page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Train' }),
  ).toHaveAttribute('aria-current', 'page');
  await waitForTestMetrics(page, 240_000);
  await openSection(page, 'Runs');
  const rows = page.locator('table.runs-table tr.run-row');
  await expect(rows).toHaveCount(2);
  const rerun = rows.first();
  expect(await rerun.getAttribute('data-run')).not.toBe(second);
  await expect(rerun).toContainText('lr 0.01');
  await expect(rerun).toContainText('Completed');
});
