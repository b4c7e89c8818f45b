import { expect, test } from '@playwright/test';
import { button, installHooks, screenshot, studioUrl, testMetrics, waitForBackend } from './studio';

test('trains the fast line reader in the page: attention in its summary, CER after', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await installHooks(page);
  await page.goto(
    studioUrl({
      data_class: 'EMNISTLines',
      model_class: 'LineCNNTransformer',
      loss: 'ctc',
      conv_dim: '2',
      tf_dim: '8',
      batch_size: '4',
      num_train: '16',
      num_val: '8',
      num_test: '8',
      limit_train_batches: '2',
      limit_val_batches: '1',
      limit_test_batches: '1',
      max_epochs: '1',
    }),
  );
  await waitForBackend(page);
  await expect(page.getByLabel(/^Transformer features per step/)).toHaveValue('8');
  await button(page, 'Train').click();
  // A CTC run's test metrics are its loss, CER and WER.
  await expect(testMetrics(page)).toContainText(/test\/cer\s+\d/, { timeout: 240_000 });
  const summary = page.getByRole('table', { name: 'Model summary' });
  await expect(summary.getByRole('cell', { name: 'tf1_attention', exact: true })).toBeVisible();
  await expect(summary.getByRole('cell', { name: 'Dot', exact: true })).toHaveCount(2);
  await expect(summary.getByRole('cell', { name: 'LayerNormalization', exact: true })).toHaveCount(
    3,
  );
  await expect(testMetrics(page)).toContainText(/test\/wer\s+\d/);
  // Its validation chart plots CER beside the loss, not an accuracy it does not have.
  const legend = page.getByRole('figure', { name: 'Validation metrics' }).locator('figcaption');
  await expect(legend).toContainText('validation/cer');
  await expect(legend).not.toContainText('validation/acc');
  await screenshot(page, 'line-transformer-run');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'line-transformer-run-phone');
});
