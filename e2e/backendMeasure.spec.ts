import { expect, test } from '@playwright/test';
import {
  backendStatus,
  button,
  installHooks,
  screenshot,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

// "wasm 1,240/s, webgpu (software) <4/s" in either order ("<": no step within its time).
const numbers =
  /wasm [\d,]+\/s.*webgpu \(software\) <?[\d,]+\/s|webgpu \(software\) <?[\d,]+\/s.*wasm [\d,]+\/s/;

// The 'webgpu' project's Chromium offers only SwiftShader's software WebGPU adapter.
test('with only a software WebGPU adapter, auto picks wasm and shows the measured numbers', async ({
  page,
}) => {
  await installHooks(page);
  await page.goto(studioUrl());
  expect(await waitForBackend(page)).toBe('auto: measured when you train');

  await button(page, 'Train').click();
  await waitForTestMetrics(page);
  const [started] = await trainerEvents(page, 'runStarted');
  expect(started?.hardware.backend, 'the run trained on wasm').toBe('wasm');
  // The pill: what the next run of this model uses, with the speed of each backend timed.
  await expect(backendStatus(page)).toHaveText(/^wasm — measured: /);
  await expect(backendStatus(page)).toContainText(numbers);
  const log = page.getByRole('log', { name: 'Training log' });
  await expect(log).toContainText('fastest measured:');
  await expect(log).toContainText(numbers);
  await screenshot(page, 'backend-measured');

  // The same model again: the measurement is read back from this browser, not timed again.
  await button(page, 'Train').click();
  await expect.poll(async () => (await trainerEvents(page, 'finished')).length).toBe(2);
  await expect(log).toContainText('fastest measured before on this device:');
  expect((await trainerEvents(page, 'runStarted'))[1]?.hardware.backend).toBe('wasm');
});
