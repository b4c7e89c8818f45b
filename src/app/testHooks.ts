/**
 * Faults on purpose for the e2e tests, only with `?testHooks=1` in the page's URL: the worker
 * is then started under a name that makes it honour `testHook` commands, and the page exposes
 * `window.__inklabTestHooks` to send them.
 */
import type { TestHook, WorkerClient } from '../workers/protocol';
import { TEST_HOOKS_PARAM } from './configForm';

declare global {
  interface Window {
    __inklabTestHooks?: { run(hook: TestHook): void };
  }
}

export const testHooksEnabled = new URLSearchParams(window.location.search).has(TEST_HOOKS_PARAM);

export function exposeTestHooks(client: WorkerClient): void {
  if (!testHooksEnabled) return;
  window.__inklabTestHooks = { run: (hook) => client.send({ type: 'testHook', hook }) };
}
