import { expect, test } from '@playwright/test';
import { mainThreadTasks, taskCategories } from './mainThreadTrace';
import {
  button,
  installHooks,
  longTasks,
  trainerEvents,
  waitForBackend,
  waitForFinished,
} from './studio';

// Playwright's trace recorder takes screenshots all through the test, which costs main-thread
// time the product does not spend.
test.use({ trace: 'off' });

/** A long task, as the Long Tasks API counts one. */
const LONG_TASK_MS = 50;

const runs: { backend: string; steps: number; query: Record<string, string> }[] = [
  {
    backend: 'wasm',
    steps: 10,
    query: { model_class: 'CNN', conv_dim: '2', fc_dim: '8', limit_train_batches: '10' },
  },
  // The software WebGPU adapter compiles a shader per kernel: a tiny MLP has the fewest.
  {
    backend: 'webgpu',
    steps: 3,
    query: { model_class: 'MLP', fc1: '16', fc2: '16', limit_train_batches: '3' },
  },
];

for (const run of runs) {
  test(`the main thread does no task of over ${LONG_TASK_MS} ms while training on ${run.backend}`, async ({
    page,
    browser,
  }, testInfo) => {
    // Under load, the software adapter takes minutes to compile its shaders.
    test.setTimeout(300_000);
    await installHooks(page);
    const query = new URLSearchParams({
      ...run.query,
      backend: run.backend,
      batch_size: '8',
      max_epochs: '1',
      limit_val_batches: '1',
      limit_test_batches: '1',
    });
    await page.goto(`/?${query}`);
    await waitForBackend(page);
    await expect(button(page, 'Train')).toBeEnabled();
    // Let page load settle (the data panel's sample images are its last part): the load's
    // own tasks are not counted.
    await expect(
      page.getByRole('img', { name: /^MNIST sample of/, includeHidden: true }).first(),
    ).toBeAttached({
      timeout: 60_000,
    });
    await page.waitForTimeout(1000);
    // Playwright compiles its in-page helper on the first waitForFunction, a task of its own
    // that is no part of the studio: before the trace, not in it.
    await page.waitForFunction(() => true);

    await browser.startTracing(page, { categories: taskCategories });
    const clickedAt = await page.evaluate(() => {
      performance.mark('inklab-train');
      return performance.now();
    });
    await button(page, 'Train').click();
    // No locator polling while it trains: only the cheap check of the recorded worker events.
    await waitForFinished(page);
    // The finished run's last redraws (test metrics, charts) come within a second.
    await page.waitForTimeout(1000);
    const endedAt = await page.evaluate(() => {
      performance.mark('inklab-trained');
      return performance.now();
    });
    const tasks = mainThreadTasks(await browser.stopTracing(), 'inklab-train', 'inklab-trained');

    const steps = await trainerEvents(page, 'step');
    const observed = (await longTasks(page)).filter(
      (t) => t.startTime >= clickedAt && t.startTime <= endedAt,
    );
    const busiest = [...tasks].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 5);
    testInfo.annotations.push({
      type: 'main thread',
      description:
        `${tasks.length} tasks in ${((endedAt - clickedAt) / 1000).toFixed(1)} s, ` +
        `${tasks.reduce((sum, t) => sum + t.cpuMs, 0).toFixed(0)} ms of main-thread CPU; ` +
        `busiest (ms after the click: cpu/wall) ${busiest.map((t) => `${t.at.toFixed(0)}: ${t.cpuMs.toFixed(1)}/${t.wallMs.toFixed(1)} (${t.parts})`).join(', ')}; ` +
        `the Long Tasks API saw ${observed.length} over ${LONG_TASK_MS} ms of wall time: ` +
        JSON.stringify(
          observed.map((t) => [Math.round(t.startTime - clickedAt), Math.round(t.duration)]),
        ),
    });
    const [started] = await trainerEvents(page, 'runStarted');
    expect(started?.hardware.backend, 'the run used the backend of the link').toBe(run.backend);
    expect(steps.length, 'the run trained').toBe(run.steps);
    // The main thread's own work per task, from the trace's thread times: the wall time of the
    // Long Tasks API (annotated above) also counts the time other processes held the core.
    expect(
      tasks
        .filter((t) => t.cpuMs > LONG_TASK_MS)
        .map((t) => ({ at: Math.round(t.at), cpuMs: Math.round(t.cpuMs), parts: t.parts })),
      `tasks with over ${LONG_TASK_MS} ms of main-thread work after clicking Train`,
    ).toEqual([]);
  });
}
