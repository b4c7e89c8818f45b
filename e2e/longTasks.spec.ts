import { expect, test } from '@playwright/test';
import {
  button,
  installHooks,
  longTasks,
  studioUrl,
  trainerEvents,
  waitForBackend,
  waitForFinished,
  waitForTestMetrics,
} from './studio';

// Known product bug, kept visible: each redraw of the recharts charts costs 50-170 ms of
// main-thread time here while software WebGPU saturates both cores (about 1 task over 50 ms at
// the first step, then one every chart update). test.fail turns green when that is fixed, so
// remove it then.
test.fail(true, 'recharts redraws take 50-170 ms on this 2-core machine with software WebGPU');

test('the main thread has no long task (over 50 ms) while training runs', async ({
  page,
}, testInfo) => {
  await installHooks(page);
  await page.goto(studioUrl({ limit_train_batches: '10', max_epochs: '1' }));
  await waitForBackend(page);
  await expect(button(page, 'Train')).toBeEnabled();
  // Let page load settle; long tasks of the load itself are not counted.
  await page.waitForTimeout(1000);
  const clickedAt = await page.evaluate(() => performance.now());
  await button(page, 'Train').click();
  // No locator polling while it trains: only the cheap check of the recorded worker events.
  await waitForFinished(page);
  const endedAt = await page.evaluate(() => performance.now());
  await waitForTestMetrics(page);

  const all = await longTasks(page);
  const during = all.filter((t) => t.startTime >= clickedAt && t.startTime <= endedAt);
  const steps = await trainerEvents(page, 'step');
  const firstStep = (
    await page.evaluate(() => window.__inklab?.events.find((e) => e.event.type === 'step'))
  )?.t;
  testInfo.annotations.push({
    type: 'long tasks',
    description:
      `${all.length} over the page's life (${all.length - during.length} outside training), ` +
      `${during.length} during ${((endedAt - clickedAt) / 1000).toFixed(1)} s of training ` +
      `(${steps.length} steps, first step ${firstStep ? Math.round(firstStep - clickedAt) : '?'} ms ` +
      `after the click): ${JSON.stringify(during.map((t) => [Math.round(t.startTime - clickedAt), Math.round(t.duration)]))}`,
  });
  expect(steps.length, 'the run trained').toBe(10);
  expect(
    during.map((t) => ({ at: Math.round(t.startTime - clickedAt), ms: Math.round(t.duration) })),
    'long tasks after clicking Train (ms after the click, duration)',
  ).toEqual([]);
});
