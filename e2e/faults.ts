/** Helpers of the fault specs: faults forced through the page's test hooks (`?testHooks=1`). */
import type { Page } from '@playwright/test';
import type { TestHook } from '../src/workers/protocol';
import { studioUrl } from './studio';

/** The tiny run on wasm (WebGPU is not the point) with test hooks on. */
export function faultsUrl(overrides: Record<string, string> = {}): string {
  return studioUrl({ backend: 'wasm', testHooks: '1', ...overrides });
}

export async function runTestHook(page: Page, hook: TestHook): Promise<void> {
  await page.evaluate((h) => {
    if (!window.__inklabTestHooks) throw new Error('The page was opened without ?testHooks=1.');
    window.__inklabTestHooks.run(h);
  }, hook);
}

/**
 * Before page scripts run: the studio's worker is told to pause as soon as the page hears of
 * its first saved checkpoint, in the message handler itself, so a page that reads events late
 * on a busy machine still pauses the run in the next epoch rather than after it ended.
 */
export async function pauseAtFirstCheckpoint(page: Page): Promise<void> {
  await page.addInitScript({
    content: `(() => {
      const NativeWorker = window.Worker;
      let paused = false;
      window.Worker = class extends NativeWorker {
        constructor(url, options) {
          super(url, options);
          this.addEventListener('message', (e) => {
            const event = e.data && e.data.type === 'trainer' ? e.data.event : undefined;
            if (!paused && event && event.type === 'checkpointSaved') {
              paused = true;
              this.postMessage({ type: 'pause' });
            }
          });
        }
      };
    })();`,
  });
}
