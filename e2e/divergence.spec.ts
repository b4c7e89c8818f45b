import { expect, test } from '@playwright/test';
import {
  button,
  checkpointRows,
  installHooks,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForTrainer,
} from './studio';

// WGSL lets a compiler assume no NaN occurs, so the divergence check must be seen working on
// WebGPU itself. An infinite learning rate (1e300 is Infinity in float32) makes step 1's update
// non-finite; step 2's loss is NaN.
test('a NaN loss on WebGPU ends the run as diverged at its step, shown as the run’s error', async ({
  page,
}) => {
  await installHooks(page);
  await page.goto(studioUrl({ lr: '1e300', backend: 'webgpu' }));
  expect(await waitForBackend(page)).toMatch(/^webgpu\b/i);
  await button(page, 'Train').click();

  const finished = await waitForTrainer(page, 'finished');
  const [started] = await trainerEvents(page, 'runStarted');
  expect(started?.hardware.backend).toBe('webgpu');
  const message =
    'Training diverged: the loss was NaN at step 2. No checkpoint was saved before it. ' +
    'Try a lower learning rate, e.g. --lr 1e+299 (a tenth of 1e+300).';
  expect(finished).toMatchObject({ reason: 'diverged', epoch: 0, step: 2, message });
  // Step 1's loss was read back finite; no step after the diverged one was reported.
  const steps = await trainerEvents(page, 'step');
  expect(steps.map((e) => e.step)).toEqual([1]);
  expect(Number.isFinite(steps[0].loss)).toBe(true);

  await expect(page.getByRole('alert')).toContainText(`Training failed: ${message}`);
  await expect(page.locator('.panel.run .badge')).toHaveText('Failed');
  await expect(page.getByRole('log', { name: 'Training log' })).toContainText(message);
  await expect(button(page, 'Train')).toBeEnabled();
  await expect(checkpointRows(page)).toHaveCount(0);
});
