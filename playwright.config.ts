import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath, webgpuFlag } from './e2e/chromium';

/**
 * End-to-end tests of the built studio in Debian's headless Chromium (Playwright's own browser
 * download does not work offline here). WebGPU is a slow software adapter (SwiftShader), so the
 * tests train tiny models; the timeouts below are generous for a shared 2-core machine.
 */
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://localhost:${port}`;

/** Tests tagged @fallback run only in the browser launched without WebGPU. */
const fallbackTag = /@fallback/;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // One browser at a time: training competes for the two cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  forbidOnly: !!process.env.CI,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1280, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'webgpu',
      grepInvert: fallbackTag,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromiumPath,
          args: [...chromiumArgs, webgpuFlag],
        },
      },
    },
    {
      name: 'no-webgpu',
      grep: fallbackTag,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      },
    },
  ],
  // Test the production build (a minified Vite 8 build once broke the wasm backend in a worker),
  // served with the COOP/COEP headers vite.config.ts sets for preview.
  webServer: {
    command: `npx vite build && npx vite preview --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
