import { expect, test } from '@playwright/test';
import { pauseAtFirstCheckpoint, runTestHook } from './faults';
import {
  backendStatus,
  button,
  chart,
  dataPoints,
  installHooks,
  screenshot,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForFinished,
  waitForTrainer,
} from './studio';

const maxEpochs = 3;

test('a WebGPU device lost mid-run: the run continues on wasm from its checkpoint, and webgpu chosen again gets a new device', async ({
  page,
}) => {
  await installHooks(page);
  await pauseAtFirstCheckpoint(page);
  await page.goto(studioUrl({ backend: 'webgpu', testHooks: '1', max_epochs: String(maxEpochs) }));
  expect(await waitForBackend(page)).toMatch(/^webgpu/);
  await button(page, 'Train').click();

  // Lose the device after epoch 0's checkpoint, however fast the machine: the run is paused
  // as soon as the page hears of that checkpoint.
  await waitForTrainer(page, 'paused');
  await runTestHook(page, 'loseDevice');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The GPU device was lost (destroyed');
  await expect(alert).toContainText(
    `Continuing on wasm from the last checkpoint (saved after epoch 0 of 0–${maxEpochs - 1})`,
  );
  await expect(backendStatus(page)).toContainText(/^wasm/);
  await expect(backendStatus(page)).toContainText('WebGPU unavailable: its device was lost');
  await waitForFinished(page);

  const starts = await trainerEvents(page, 'runStarted');
  expect(
    starts.map((s) => [s.runName, s.hardware.backend, s.startEpoch, s.history.map((h) => h.epoch)]),
  ).toEqual([
    [starts[0].runName, 'webgpu', 0, []],
    [starts[0].runName, 'wasm', 1, [0]],
  ]);
  expect(await trainerEvents(page, 'error')).toEqual([]);
  const finished = await trainerEvents(page, 'finished');
  expect(finished).toMatchObject([{ reason: 'completed', epoch: maxEpochs - 1 }]);
  // Epoch 0 from before the loss, then the epochs trained on wasm.
  await expect.poll(() => dataPoints(chart(page, 'Validation metrics'))).toBe(maxEpochs);
  await expect(page.getByText('Failed', { exact: true })).toHaveCount(0);
  await screenshot(page, 'faults-device-lost');

  // WebGPU chosen again gets a new device, not the lost one: a second run trains on it.
  await button(page, 'Train').click();
  await expect
    .poll(async () => (await trainerEvents(page, 'finished')).length, { timeout: 150_000 })
    .toBe(2);
  const again = (await trainerEvents(page, 'runStarted'))[2];
  expect(again?.hardware.backend).toBe('webgpu');
  expect(await trainerEvents(page, 'error')).toEqual([]);
  expect((await trainerEvents(page, 'finished'))[1]).toMatchObject({ reason: 'completed' });
});
