import { statSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { flagLabel } from '../src/app/flagLabels';
import {
  backendStatus,
  button,
  chart,
  checkpointAction,
  checkpointRows,
  checkpointTable,
  dataPoints,
  drawingPad,
  drawStroke,
  installHooks,
  openSection,
  screenshot,
  seenEvents,
  studioUrl,
  testMetrics,
  tinyConfig,
  trainerEvents,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

/** What the Run panel showed at one moment, recorded in the page on every DOM change. */
interface RunSnapshot {
  progress: number;
  progressText: string;
  lossPoints: number;
  testShown: boolean;
}

/** Records the Run panel's state on every DOM mutation, so a fast run cannot slip past polling. */
async function recordRunPanel(page: Page): Promise<void> {
  await page.evaluate(() => {
    const snapshots: RunSnapshot[] = [];
    (window as unknown as { __runPanel: RunSnapshot[] }).__runPanel = snapshots;
    const read = () => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Training progress"]');
      const loss = document.querySelector('figure[aria-label="Training loss"]');
      const test = document.querySelector('[role="region"][aria-label="Test metrics"]');
      snapshots.push({
        progress: Number(bar?.getAttribute('aria-valuenow') ?? 'NaN'),
        progressText: (bar?.textContent ?? '').trim(),
        lossPoints: Number(loss?.getAttribute('data-points') ?? 'NaN'),
        testShown: /test\/acc/.test(test?.textContent ?? ''),
      });
    };
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
}

async function runSnapshots(page: Page): Promise<RunSnapshot[]> {
  return page.evaluate(
    () => (window as unknown as { __runPanel?: RunSnapshot[] }).__runPanel ?? [],
  );
}

test('the user journey: train on WebGPU, keep, reload, load, draw, download and import', async ({
  page,
}, testInfo) => {
  await installHooks(page);
  // WebGPU picked in the form: left on auto, the measured fastest (wasm here) would train.
  await page.goto(studioUrl({ backend: 'webgpu' }));

  for (const name of ['Experiment', 'Run']) {
    await expect(page.getByRole('heading', { name, level: 2, exact: true })).toBeVisible();
  }
  // The configuration comes from the URL query, under the CLI's flag names; the form shows
  // them with plain labels, most under Advanced.
  await page
    .locator('summary')
    .filter({ hasText: /^Advanced/ })
    .click();
  for (const [flag, value] of Object.entries(tinyConfig)) {
    const field = page.locator(`#flag-${flag}`);
    await expect(field, `flag ${flag}`).toHaveValue(value);
    await expect(field, `flag ${flag}`).toHaveAccessibleName(flagLabel(flag));
  }
  const backend = await waitForBackend(page);
  expect(backend, 'the Backend status names WebGPU first').toMatch(/^webgpu\b/i);
  await expect(backendStatus(page)).toContainText(/swiftshader/i);
  await screenshot(page, '01-first-load');

  await recordRunPanel(page);
  await button(page, 'Train').click();

  // While it trains: take the screenshot mid-run if the run is slow enough to catch.
  const midRun = await page
    .waitForFunction(
      () => {
        const bar = document.querySelector('[role="progressbar"][aria-label="Training progress"]');
        const loss = document.querySelector('figure[aria-label="Training loss"]');
        const test = document.querySelector('[role="region"][aria-label="Test metrics"]');
        if (/test\/acc/.test(test?.textContent ?? '')) return 'ended';
        const value = Number(bar?.getAttribute('aria-valuenow') ?? 0);
        const points = Number(loss?.getAttribute('data-points') ?? 0);
        return value > 0 && value < 100 && points > 0 ? 'training' : false;
      },
      undefined,
      { polling: 50, timeout: 150_000 },
    )
    .then((handle) => handle.jsonValue());
  if (midRun === 'training') await screenshot(page, '02-during-training');

  await waitForTestMetrics(page);
  await expect(button(page, 'Train')).toBeEnabled();
  await expect(testMetrics(page)).toContainText(/test\/loss\s+\d/);

  // The run panel moved while training ran, not only at the end.
  const snapshots = await runSnapshots(page);
  const during = snapshots.filter((s) => !s.testShown);
  const moving = during.filter((s) => s.progress > 0 && s.progress < 100);
  expect(
    moving.length,
    'progress bar values strictly between 0 and 100 while training',
  ).toBeGreaterThan(0);
  expect(
    during.some((s) => s.lossPoints > 0),
    'Training loss chart had points before the run ended',
  ).toBe(true);
  const text = moving.at(-1)?.progressText ?? '';
  expect(text, 'progress text names epoch, batch, throughput, ETA').toMatch(/epoch/i);
  expect(text).toMatch(/batch/i);
  expect(text).toMatch(/\/s\b/);
  expect(text).toMatch(/ETA/i);
  expect(await dataPoints(chart(page, 'Training loss'))).toBeGreaterThan(0);
  expect(await dataPoints(chart(page, 'Validation metrics'))).toBeGreaterThan(0);
  expect(await dataPoints(chart(page, 'Learning rate'))).toBeGreaterThan(0);
  await expect(page.getByRole('log', { name: 'Training log' })).toContainText(/epoch/i);

  // The worker's event stream: 2 epochs x 3 batches, steps 1..6, finished as completed.
  const steps = (await trainerEvents(page, 'step')).map((e) => e.step);
  expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
  const [finished] = await trainerEvents(page, 'finished');
  expect(finished?.reason).toBe('completed');
  const [started] = await trainerEvents(page, 'runStarted');
  expect(started?.hardware.backend).toBe('webgpu');
  const runName = started?.runName ?? '';

  await openSection(page, 'Checkpoints');
  const rows = checkpointRows(page);
  await expect(rows.first()).toBeVisible();
  // The run's group: headed by its name, its rows' actions named after it.
  const runGroup = checkpointTable(page).getByRole('rowgroup').filter({ hasText: runName });
  const runLoads = runGroup.getByRole('button', { name: new RegExp(`^Load ${runName} epoch`) });
  await expect(runLoads.first()).toBeVisible();
  await expect(rows.first()).toContainText(/\d/);
  const stored = await rows.count();
  await screenshot(page, '03-after-training');

  // Checkpoints live in IndexedDB: they survive a reload.
  await page.reload();
  await expect(rows).toHaveCount(stored, { timeout: 60_000 });
  await expect(runLoads).toHaveCount(stored);

  // Load for prediction, draw, and see the top classes.
  await (await checkpointAction(rows.first(), 'Load')).click();
  await openSection(page, 'Playground');
  const predictions = page.getByRole('list', { name: 'Predictions' }).getByRole('listitem');
  await expect(drawingPad(page)).toBeVisible();
  await drawStroke(page);
  await expect(predictions.first()).toBeVisible({ timeout: 60_000 });
  await expect(predictions.first()).toHaveText(/^\s*\S+\s+\d{1,3}(\.\d+)?\s*%\s*$/);
  await expect(page.getByRole('img', { name: 'Model input' })).toBeVisible();
  await screenshot(page, '04-playground-drawing');
  await button(page, 'Random test sample').click();
  await expect(predictions.first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Download the checkpoint file and import it back: it is stored already, so no new row.
  await openSection(page, 'Checkpoints');
  const downloadButton = await checkpointAction(rows.first(), 'Download .ckpt');
  const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
  expect(download.suggestedFilename()).toMatch(/\.ckpt$/);
  const saved = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  expect(statSync(saved).size).toBeGreaterThan(1000);
  await page.getByLabel('Import checkpoint', { exact: true }).setInputFiles(saved);
  await expect(page.getByRole('status').filter({ hasText: 'is already stored as' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(rows).toHaveCount(stored);
  await expect(page.getByRole('alert')).toHaveCount(0);

  testInfo.annotations.push({
    type: 'events',
    description: `${(await seenEvents(page)).length} trainer events after reload; backend ${backend}`,
  });
});
