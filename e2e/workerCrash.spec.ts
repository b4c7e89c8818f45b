import { expect, test } from '@playwright/test';
import { faultsUrl, pauseAtFirstCheckpoint, runTestHook } from './faults';
import {
  button,
  checkpointRows,
  installHooks,
  screenshot,
  trainerEvents,
  waitForBackend,
  waitForFinished,
  waitForTrainer,
} from './studio';

// Epochs enough that the run is still going when the crash lands: on a busy machine the page
// reads the worker's events seconds after they were sent.
const batchesPerEpoch = 20;
const maxEpochs = 4;

test('a worker that crashes mid-run fails the run, restarts, and the run resumes from its checkpoint', async ({
  page,
}) => {
  await installHooks(page);
  await pauseAtFirstCheckpoint(page);
  await page.goto(
    faultsUrl({ limit_train_batches: String(batchesPerEpoch), max_epochs: String(maxEpochs) }),
  );
  await waitForBackend(page);
  await button(page, 'Train').click();

  // Crash after epoch 0's checkpoint was saved, however fast the machine: the run is paused
  // as soon as the page hears of that checkpoint.
  await waitForTrainer(page, 'paused');
  await runTestHook(page, 'crash');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The training worker crashed');
  await expect(alert).toContainText('Resume from the last checkpoint');
  await expect(page.getByText('Failed', { exact: true })).toBeVisible();
  await expect(page.locator('.run-failure')).toContainText('crashed on purpose');
  expect(await trainerEvents(page, 'finished')).toEqual([]);
  // A fresh worker took over: it answers (the backend is up again and the list is read).
  expect(await page.evaluate(() => window.__inklab?.workers)).toBe(2);
  await waitForBackend(page);
  const saved = await trainerEvents(page, 'checkpointSaved');
  const last = saved.at(-1);
  if (!last) throw new Error('No checkpoint was saved before the crash.');
  await expect(checkpointRows(page)).toHaveCount(saved.length);
  await screenshot(page, 'faults-worker-crashed');

  await button(page, 'Resume from the last checkpoint').click();
  await expect(page.getByRole('alert'), 'the failure is cleared by the next run').toHaveCount(0);
  await waitForFinished(page);
  const starts = await trainerEvents(page, 'runStarted');
  expect(starts.map((s) => [s.runName, s.startEpoch, s.startStep])).toEqual([
    [starts[0].runName, 0, 0],
    [starts[0].runName, last.epoch + 1, last.step],
  ]);
  const [finished] = await trainerEvents(page, 'finished');
  expect(finished).toMatchObject({
    reason: 'completed',
    epoch: maxEpochs - 1,
    step: maxEpochs * batchesPerEpoch,
  });
});

// Short enough that the test need not wait the default two minutes, long enough that a busy machine
// never leaves the worker silent that long while it trains.
const watchdogMs = 10_000;

test('a worker that hangs mid-run is stopped by the watchdog, restarted, and the run resumes', async ({
  page,
}) => {
  await installHooks(page);
  await pauseAtFirstCheckpoint(page);
  await page.goto(
    faultsUrl({
      limit_train_batches: String(batchesPerEpoch),
      max_epochs: String(maxEpochs),
      watchdogMs: String(watchdogMs),
    }),
  );
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForTrainer(page, 'paused');
  await runTestHook(page, 'hang');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'The training worker stopped responding for 10 s and was stopped (it may be stuck in an endless loop)',
    { timeout: 4 * watchdogMs },
  );
  await expect(alert).toContainText('Resume from the last checkpoint');
  await expect(page.getByText('Failed', { exact: true })).toBeVisible();
  await expect(page.locator('.run-failure')).toContainText('stopped responding');
  expect(await trainerEvents(page, 'finished')).toEqual([]);
  expect(await page.evaluate(() => window.__inklab?.workers)).toBe(2);
  await waitForBackend(page);
  const saved = await trainerEvents(page, 'checkpointSaved');
  const last = saved.at(-1);
  if (!last) throw new Error('No checkpoint was saved before the hang.');
  await expect(checkpointRows(page)).toHaveCount(saved.length);

  await button(page, 'Resume from the last checkpoint').click();
  await waitForFinished(page);
  const starts = await trainerEvents(page, 'runStarted');
  expect(starts.map((s) => [s.startEpoch, s.startStep])).toEqual([
    [0, 0],
    [last.epoch + 1, last.step],
  ]);
  expect(await trainerEvents(page, 'finished')).toMatchObject([{ reason: 'completed' }]);
});
