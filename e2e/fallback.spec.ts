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

// Runs only in the 'no-webgpu' project: Chromium launched without --enable-unsafe-webgpu, where
// navigator.gpu exists but requestAdapter() returns null.
test('without WebGPU the page trains on another backend and says why', {
  tag: '@fallback',
}, async ({ page }) => {
  await installHooks(page);
  await page.goto(studioUrl());
  const backend = await waitForBackend(page);
  expect(backend, 'on auto the backend is measured when training starts').toMatch(/^auto\b/i);
  // ... and the reason WebGPU is not among them, e.g. "(WebGPU unavailable: no adapter)".
  await expect(backendStatus(page)).toContainText(/webgpu/i);
  await expect(backendStatus(page)).toContainText(/adapter|unavailable|not available|failed/i);
  await screenshot(page, '07-fallback-backend');

  await button(page, 'Train').click();
  await waitForTestMetrics(page);
  const [started] = await trainerEvents(page, 'runStarted');
  const chosen = started?.hardware.backend ?? '';
  expect(chosen, 'the worker trained on a fallback backend').toMatch(/^(webgl|wasm|cpu)$/);
  // The Backend status now shows the measured choice, the one the next run of this model uses.
  await expect(backendStatus(page)).toContainText(new RegExp(`^${chosen} — measured: ${chosen} `));
  const [finished] = await trainerEvents(page, 'finished');
  expect(finished?.reason).toBe('completed');
});
