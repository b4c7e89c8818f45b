import { expect, test } from '@playwright/test';
import { faultsUrl } from './faults';
import { button, checkpointRows, installHooks, waitForBackend, waitForFinished } from './studio';

test('a second tab lists the checkpoints the first tab saves, without a reload', async ({
  page,
}) => {
  const other = await page.context().newPage();
  await other.goto(faultsUrl());
  await waitForBackend(other);
  await expect(checkpointRows(other)).toHaveCount(0);

  await installHooks(page);
  await page.goto(faultsUrl({ max_epochs: '1' }));
  await waitForBackend(page);
  await button(page, 'Train').click();
  await waitForFinished(page);
  await expect(checkpointRows(page)).toHaveCount(1);
  await expect(checkpointRows(other), 'the other tab heard of the save').toHaveCount(1);
  await other.close();
});
