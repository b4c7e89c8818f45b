/**
 * Faults on purpose for the e2e tests, only with `?testHooks=1` in the page's URL: the worker
 * is then started under a name that makes it honour `testHook` commands, and the page exposes
 * `window.__inklabTestHooks` to send them.
 */
import type { TestHook, WorkerClient } from '../workers/protocol';
import { TEST_HOOKS_PARAM, WATCHDOG_PARAM } from './configForm';

declare global {
  interface Window {
    __inklabTestHooks?: { run(hook: TestHook): void };
  }
}

const params = new URLSearchParams(window.location.search);
export const testHooksEnabled = params.has(TEST_HOOKS_PARAM);

/**
 * The worker watchdog's timeout from `?watchdogMs=N`, with test hooks only: a test of a hung
 * worker then need not wait the default two minutes.
 */
export const watchdogTimeoutMs = ((): number | undefined => {
  const value = Number(params.get(WATCHDOG_PARAM));
  return testHooksEnabled && Number.isInteger(value) && value > 0 ? value : undefined;
})();

export function exposeTestHooks(client: WorkerClient): void {
  if (!testHooksEnabled) return;
  window.__inklabTestHooks = { run: (hook) => client.send({ type: 'testHook', hook }) };
}
