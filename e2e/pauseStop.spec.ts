import { expect, test } from '@playwright/test';
import { recordTexts, seenTexts } from './seenTexts';
import {
  button,
  checkpointRows,
  installHooks,
  openSection,
  progressBar,
  screenshot,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForTrainer,
} from './studio';

// Long enough to pause in the second epoch after the first epoch's checkpoint.
const batchesPerEpoch = 30;

/** The batch in the progress text, e.g. "Epoch 1/1 · batch 7/30 · ..." -> 7. */
function batchIn(text: string): number {
  const m = text.match(/batch (\d+)\/\d+/);
  if (!m) throw new Error(`The progress text '${text}' names no batch.`);
  return Number(m[1]);
}

test('pause and resume keep the step count continuous; Stop ends cleanly and keeps checkpoints', async ({
  page,
}) => {
  await installHooks(page);
  // On WebGPU (SwiftShader here), slow enough that the run is still going when Pause lands;
  // auto would measure wasm faster, and the run could end between the checks and the click.
  await page.goto(
    studioUrl({ limit_train_batches: String(batchesPerEpoch), max_epochs: '2', backend: 'webgpu' }),
  );
  await waitForBackend(page);
  await recordTexts(page, {
    pause: '.panel.run .controls button:first-child',
    stop: '.panel.run .controls button.danger',
  });
  await button(page, 'Train').click();

  // Epoch 0 ends with a validation and a checkpoint; pause a few steps into epoch 1.
  const rows = checkpointRows(page);
  await waitForTrainer(page, 'checkpointSaved', 150_000);
  await expect
    .poll(async () => (await trainerEvents(page, 'step')).at(-1)?.step ?? 0, { timeout: 120_000 })
    .toBeGreaterThanOrEqual(batchesPerEpoch + 3);
  const [finishedEarly] = await trainerEvents(page, 'finished');
  expect(finishedEarly, 'the run was still going when the test paused it').toBeUndefined();

  await button(page, 'Pause').click();
  const paused = await waitForTrainer(page, 'paused', 60_000);
  await expect(button(page, 'Resume')).toBeEnabled();
  // Pausing takes effect between steps: the button says so until the worker has paused.
  expect(await seenTexts(page, 'pause')).toEqual(['Pause', 'Pausing…', 'Pause']);
  await expect(button(page, 'Pause')).toBeDisabled();
  const frozenText = ((await progressBar(page).textContent()) ?? '').trim();
  // The last step before the pause, in the second epoch.
  expect(frozenText).toContain(
    `Epoch 1/1 · batch ${paused.step - batchesPerEpoch}/${batchesPerEpoch}`,
  );
  const stepsAtPause = (await trainerEvents(page, 'step')).length;
  await page.waitForTimeout(1500);
  expect((await trainerEvents(page, 'step')).length, 'no step while paused').toBe(stepsAtPause);
  await expect(progressBar(page)).toHaveText(frozenText);
  await screenshot(page, '05-paused');

  await button(page, 'Resume').click();
  const resumed = await waitForTrainer(page, 'resumed', 60_000);
  expect(resumed.step, 'resumed at the paused step').toBe(paused.step);
  await expect
    .poll(async () => (await trainerEvents(page, 'step')).at(-1)?.step ?? 0, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(paused.step + 2);
  // The UI continues from where it paused: same epoch, a later batch (not back to 1).
  const pausedBatch = batchIn(frozenText);
  await expect
    .poll(async () => batchIn((await progressBar(page).textContent()) ?? ''))
    .toBeGreaterThan(pausedBatch);

  await openSection(page, 'Checkpoints');
  const checkpointsBeforeStop = await rows.count();
  expect(checkpointsBeforeStop).toBeGreaterThan(0);
  await openSection(page, 'Train');
  await button(page, 'Stop').click();
  const finished = await waitForTrainer(page, 'finished', 120_000);
  expect(finished.reason).toBe('stopped');
  await expect(button(page, 'Train')).toBeEnabled();
  expect(await seenTexts(page, 'stop')).toEqual(['Stop', 'Stopping…', 'Stop']);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Every step counted once, 1..N with no gap or repeat across the pause.
  const steps = (await trainerEvents(page, 'step')).map((e) => e.step);
  expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
  expect(finished.step).toBe(steps.at(-1));
  expect(finished.step, 'stopped before the end of the run').toBeLessThan(2 * batchesPerEpoch);

  await openSection(page, 'Checkpoints');
  await expect(rows).toHaveCount(checkpointsBeforeStop);
  await page.reload();
  await expect(rows).toHaveCount(checkpointsBeforeStop, { timeout: 60_000 });
});
