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
  expect(backend, 'the Backend status names the fallback backend').toMatch(/^(webgl|wasm|cpu)\b/i);
  // ... and the reason WebGPU was not used, e.g. "webgl (WebGPU unavailable: no adapter)".
  await expect(backendStatus(page)).toContainText(/webgpu/i);
  await expect(backendStatus(page)).toContainText(/adapter|unavailable|not available|failed/i);
  await screenshot(page, '07-fallback-backend');

  await button(page, 'Train').click();
  await waitForTestMetrics(page);
  const [started] = await trainerEvents(page, 'runStarted');
  const chosen = backend.match(/^(webgl|wasm|cpu)/i)?.[1]?.toLowerCase();
  expect(started?.hardware.backend, 'the worker trained on the backend the page shows').toBe(
    chosen,
  );
  const [finished] = await trainerEvents(page, 'finished');
  expect(finished?.reason).toBe('completed');
});
