import { expect, test } from '@playwright/test';
import {
  button,
  chart,
  checkpointAction,
  checkpointRows,
  dataPoints,
  installHooks,
  openSection,
  screenshot,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForFinished,
} from './studio';

test('Resume training continues a finished run on the backend picked now, charts included', async ({
  page,
}) => {
  await installHooks(page);
  await page.goto(studioUrl({ backend: 'wasm', max_epochs: '1' }));
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForFinished(page);
  const [first] = await trainerEvents(page, 'runStarted');
  expect(first.hardware.backend).toBe('wasm');

  // A new visit that picks another backend; the stored checkpoint is still there.
  await page.goto(`${studioUrl({ backend: 'webgl', max_epochs: '1' })}#checkpoints`);
  await waitForBackend(page);
  const rows = checkpointRows(page);
  await expect(rows).toHaveCount(1);
  await (await checkpointAction(rows.first(), 'Resume training')).click();
  // The run has trained all its epochs: the row asks how many to train to.
  const epochs = rows.first().getByLabel(/Train up to/);
  await expect(epochs).toHaveValue('2');
  await screenshot(page, '09-resume-ask-epochs');
  await (await checkpointAction(rows.first(), 'Continue training')).click();
  await waitForFinished(page);
  await openSection(page, 'Train');

  const [resumed] = await trainerEvents(page, 'runStarted');
  expect(resumed).toMatchObject({ runName: first.runName, startEpoch: 1, maxEpochs: 2 });
  expect(resumed.hardware.backend).toBe('webgl');
  expect(resumed.history.map((h) => h.epoch)).toEqual([0]);
  // Epoch 0 from the checkpoint's history, epoch 1 from this run.
  await expect.poll(() => dataPoints(chart(page, 'Validation metrics'))).toBe(2);
  const [finished] = await trainerEvents(page, 'finished');
  expect(finished).toMatchObject({ reason: 'completed', epoch: 1 });
  await screenshot(page, '10-resumed');
});
