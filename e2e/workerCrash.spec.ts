import { expect, type Page, test } from '@playwright/test';
import type { TrainerEvent } from '../src/engine/events';
import type { TestHook } from '../src/workers/protocol';
import { faultsUrl, pauseAtFirstCheckpoint, runTestHook } from './faults';
import {
  button,
  checkpointRows,
  installHooks,
  openSection,
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

type CheckpointSaved = Extract<TrainerEvent, { type: 'checkpointSaved' }>;

/** Starts a run, pauses it at its first checkpoint (however fast the machine), then forces `hook`. */
async function faultAfterFirstCheckpoint(
  page: Page,
  hook: TestHook,
  query: Record<string, string> = {},
): Promise<void> {
  await installHooks(page);
  await pauseAtFirstCheckpoint(page);
  await page.goto(
    faultsUrl({
      limit_train_batches: String(batchesPerEpoch),
      max_epochs: String(maxEpochs),
      ...query,
    }),
  );
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForTrainer(page, 'paused');
  await runTestHook(page, hook);
}

/**
 * The run failed with an alert saying `alertText` and a failure saying `failure`; a fresh worker
 * took over and lists every checkpoint saved before. Returns the last of them.
 */
async function expectFailedRun(
  page: Page,
  alertText: string,
  failure: string,
  timeout?: number,
): Promise<CheckpointSaved> {
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(alertText, { timeout });
  await expect(alert).toContainText('Resume from the last checkpoint');
  await expect(page.getByText('Failed', { exact: true })).toBeVisible();
  await expect(page.locator('.run-failure')).toContainText(failure);
  expect(await trainerEvents(page, 'finished')).toEqual([]);
  // A fresh worker took over: it answers (the backend is up again and the list is read).
  expect(await page.evaluate(() => window.__inklab?.workers)).toBe(2);
  await waitForBackend(page);
  const saved = await trainerEvents(page, 'checkpointSaved');
  const last = saved.at(-1);
  if (!last) throw new Error('No checkpoint was saved before the fault.');
  await openSection(page, 'Checkpoints');
  await expect(checkpointRows(page)).toHaveCount(saved.length);
  await openSection(page, 'Train');
  return last;
}

/** Resume from the last checkpoint: the run continues under its name after `last` and completes. */
async function expectResumeCompletes(page: Page, last: CheckpointSaved): Promise<void> {
  await button(page, 'Resume from the last checkpoint').click();
  await expect(page.getByRole('alert'), 'the failure is cleared by the next run').toHaveCount(0);
  await waitForFinished(page);
  const starts = await trainerEvents(page, 'runStarted');
  expect(starts.map((s) => [s.runName, s.startEpoch, s.startStep])).toEqual([
    [starts[0].runName, 0, 0],
    [starts[0].runName, last.epoch + 1, last.step],
  ]);
  expect(await trainerEvents(page, 'finished')).toMatchObject([
    { reason: 'completed', epoch: maxEpochs - 1, step: maxEpochs * batchesPerEpoch },
  ]);
}

test('a worker that crashes mid-run fails the run, restarts, and the run resumes from its checkpoint', async ({
  page,
}) => {
  await faultAfterFirstCheckpoint(page, 'crash');
  const last = await expectFailedRun(page, 'The training worker crashed', 'crashed on purpose');
  await screenshot(page, 'faults-worker-crashed');
  await expectResumeCompletes(page, last);
});

// Short enough that the test need not wait the default two minutes, long enough that a busy machine
// never leaves the worker silent that long while it trains.
const watchdogMs = 10_000;

test('a worker that hangs mid-run is stopped by the watchdog, restarted, and the run resumes', async ({
  page,
}) => {
  await faultAfterFirstCheckpoint(page, 'hang', { watchdogMs: String(watchdogMs) });
  const last = await expectFailedRun(
    page,
    'The training worker stopped responding for 10 s and was stopped (it may be stuck in an endless loop)',
    'stopped responding',
    4 * watchdogMs,
  );
  await expectResumeCompletes(page, last);
});
