import { execFileSync } from 'node:child_process';
import { join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  button,
  checkpointRows,
  installHooks,
  openSection,
  progressBar,
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
  // Step 1 of 2 epochs x 3 batches.
  await expect(progressBar(page)).toContainText('17% Diverged at epoch 0/1 · batch 1/3');
  await expect(page.getByRole('log', { name: 'Training log' })).toContainText(message);
  await expect(button(page, 'Train')).toBeEnabled();
  await openSection(page, 'Checkpoints');
  await expect(page.getByText('No checkpoints yet')).toBeVisible();
  await expect(checkpointRows(page)).toHaveCount(0);
});

const probeDir = join('.cache', 'e2e-divergence-probe');
const probeBase = '/__divergence-probe/';

/** Builds e2e/divergenceProbe (the engine's detector on a bare page) outside dist/. */
function buildProbePage(): void {
  execFileSync(
    'npx',
    ['vite', 'build', 'e2e/divergenceProbe', '--outDir', join(process.cwd(), probeDir)].concat([
      '--emptyOutDir',
      '--base',
      probeBase,
      '--logLevel',
      'error',
    ]),
    { stdio: 'inherit' },
  );
}

test('the divergence check catches NaN and ±Infinity on WebGPU, the first one only', async ({
  page,
}) => {
  buildProbePage();
  // Served from the build folder on the studio's origin (WebGPU needs a secure context).
  await page.route(`**${probeBase}**`, (route) => {
    const path = new URL(route.request().url()).pathname.slice(probeBase.length);
    return route.fulfill({ path: join(probeDir, normalize(path)) });
  });
  await page.goto(`${probeBase}index.html`);
  await page.waitForFunction(() => 'divergenceProbe' in window);
  const inf = Number.POSITIVE_INFINITY;
  const result = await page.evaluate(
    (sequences) =>
      (
        window as unknown as {
          divergenceProbe: (s: number[][]) => Promise<{
            backend: string;
            readings: unknown[];
            tensorsLeft: number;
          }>;
        }
      ).divergenceProbe(sequences),
    [
      [0.5, inf, Number.NaN, 1],
      [0.5, 2, -inf],
      [1, Number.NaN, inf],
      [0.5, 3.4e38, 1e-30, 0],
    ],
  );
  expect(result).toEqual({
    backend: 'webgpu',
    readings: [
      { loss: 1, divergence: { step: 2, loss: inf } },
      { loss: -inf, divergence: { step: 3, loss: -inf } },
      { loss: inf, divergence: { step: 2, loss: Number.NaN } },
      { loss: 0 },
    ],
    tensorsLeft: 0,
  });
});
