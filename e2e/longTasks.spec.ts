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

// Playwright's trace recorder takes screenshots all through the test, which costs this 2-core
// machine main-thread time the product does not spend: long tasks are measured without it.
test.use({ trace: 'off' });
// Here the software WebGPU adapter keeps both cores busy, so the studio's longest tasks (a chart
// redraw, 20-35 ms of work) stretch to 40-50 ms when the main thread is starved: about one run
// in ten sees one task just over 50 ms. A regression (the 80-330 ms redraws this test first
// caught) fails every attempt; a starved scheduler does not fail three in a row.
test.describe.configure({ retries: 2 });

test('the main thread has no long task (over 50 ms) while training runs', async ({
  page,
}, testInfo) => {
  await installHooks(page);
  await page.goto(studioUrl({ limit_train_batches: '10', max_epochs: '1' }));
  await waitForBackend(page);
  await expect(button(page, 'Train')).toBeEnabled();
  // Let page load settle (the data panel's sample images are its last part): long tasks of the
  // load itself are not counted.
  await expect(page.getByRole('img', { name: /^MNIST sample of/ }).first()).toBeAttached({
    timeout: 60_000,
  });
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
