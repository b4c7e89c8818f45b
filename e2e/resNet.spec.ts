import { expect, test } from '@playwright/test';
import {
  button,
  installHooks,
  screenshot,
  testMetrics,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

test('trains the ResNet in the page: batch normalization in its summary, test metrics after', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await installHooks(page);
  const query = new URLSearchParams({
    model_class: 'ResNet',
    conv_dim: '2',
    blocks: '1',
    batch_size: '8',
    limit_train_batches: '3',
    limit_val_batches: '1',
    limit_test_batches: '1',
    max_epochs: '1',
  });
  await page.goto(`/?${query}`);
  await waitForBackend(page);
  await expect(page.getByLabel(/^Residual blocks per stage/)).toHaveValue('1');
  await button(page, 'Train').click();
  await waitForTestMetrics(page, 240_000);
  const summary = page.getByRole('table', { name: 'Model summary' });
  await expect(summary.getByRole('cell', { name: 'stem_bn', exact: true })).toBeVisible();
  await expect(summary.getByRole('cell', { name: 'BatchNormalization', exact: true })).toHaveCount(
    9,
  );
  await expect(summary.getByRole('cell', { name: 'Add', exact: true })).toHaveCount(3);
  await expect(testMetrics(page)).toContainText('acc');
  await screenshot(page, 'resnet-run');
});
