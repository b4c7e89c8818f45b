import { expect, test } from '@playwright/test';
import { ANOTHER_TAB_TRAINS } from '../src/workers/trainingLock';
import { faultsUrl } from './faults';
import {
  button,
  checkpointRows,
  installHooks,
  openSection,
  screenshot,
  trainerEvents,
  waitForBackend,
  waitForFinished,
  waitForTrainer,
} from './studio';

test('a second tab lists the checkpoints the first tab saves, without a reload', async ({
  page,
}) => {
  const other = await page.context().newPage();
  await other.goto(`${faultsUrl()}#checkpoints`);
  await waitForBackend(other);
  await expect(checkpointRows(other)).toHaveCount(0);

  await installHooks(page);
  await page.goto(faultsUrl({ max_epochs: '1' }));
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForFinished(page);
  await openSection(page, 'Checkpoints');
  await expect(checkpointRows(page)).toHaveCount(1);
  await expect(checkpointRows(other), 'the other tab heard of the save').toHaveCount(1);
  await other.close();
});

test('a second tab cannot start a run while the first trains, and says why', async ({ page }) => {
  await installHooks(page);
  await page.goto(faultsUrl({ max_epochs: '1', limit_train_batches: '2000' }));
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForTrainer(page, 'step');
  // Paused, the run still holds the store.
  await button(page, 'Pause').click();
  await waitForTrainer(page, 'paused');

  const other = await page.context().newPage();
  await installHooks(other);
  await other.goto(faultsUrl({ max_epochs: '1' }));
  await waitForBackend(other);
  await button(other, 'Train').click();
  await expect(other.getByText(ANOTHER_TAB_TRAINS).first()).toBeVisible();
  const [refused] = await trainerEvents(other, 'error');
  expect(refused.message).toBe(ANOTHER_TAB_TRAINS);
  expect(await trainerEvents(other, 'runStarted')).toEqual([]);
  await screenshot(other, '11-second-tab-refused');

  // Once the first tab's run has ended, the second tab may train.
  await button(page, 'Stop').click();
  await waitForFinished(page);
  const [finished] = await trainerEvents(page, 'finished');
  expect(finished.reason).toBe('stopped');
  await button(other, 'Train').click();
  await waitForTrainer(other, 'runStarted');
  await other.close();
});
