import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { checkOnnxModel, debianPython, scorePytorchExport } from '../src/testing/debianPython';
import {
  checkpointAction,
  checkpointRows,
  openSection,
  screenshot,
  studioUrl,
  waitForBackend,
  waitForTestMetrics,
} from './studio';

test('Download for PyTorch gives a folder PyTorch scores with, whose weights import back as a checkpoint', async ({
  page,
}, testInfo) => {
  test.skip(!debianPython('torch', 'onnx'), "needs Debian's python3-torch and python3-onnx");
  test.setTimeout(240_000);
  await page.goto(studioUrl({ backend: 'wasm' }));
  await waitForBackend(page);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForTestMetrics(page, 180_000);
  await openSection(page, 'Checkpoints');
  const rows = checkpointRows(page);
  await expect(rows.first()).toBeVisible();
  const stored = await rows.count();

  const action = await checkpointAction(rows.first(), 'Download PyTorch .zip');
  const [download] = await Promise.all([page.waitForEvent('download'), action.click()]);
  expect(download.suggestedFilename()).toMatch(/-pytorch\.zip$/);
  const zipPath = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(zipPath);
  const dir = testInfo.outputPath('unzipped');
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const folder = download.suggestedFilename().replace(/\.zip$/, '');
  expect(Object.keys(files).sort()).toEqual(
    [
      'README.md',
      'data.py',
      'model.py',
      'optimizer.safetensors',
      'train.py',
      'weights.safetensors',
    ].map((f) => `${folder}/${f}`),
  );
  mkdirSync(join(dir, folder), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  expect(scorePytorchExport(join(dir, folder), 3)).toEqual({ classes: 10, shape: [3, 10], sum: 3 });

  // ONNX, encoded in the worker (no eval: the page's CSP forbids it).
  const onnxAction = await checkpointAction(rows.first(), 'Download ONNX');
  const [onnx] = await Promise.all([page.waitForEvent('download'), onnxAction.click()]);
  expect(onnx.suggestedFilename()).toMatch(/-epoch-\d+\.onnx$/);
  const onnxPath = testInfo.outputPath(onnx.suggestedFilename());
  await onnx.saveAs(onnxPath);
  checkOnnxModel(onnxPath);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await screenshot(page, 'checkpoint-downloads');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'checkpoint-downloads-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page
    .getByLabel('Import checkpoint', { exact: true })
    .setInputFiles(join(dir, folder, 'weights.safetensors'));
  await expect(page.getByRole('status').filter({ hasText: /^Imported / })).toBeVisible({
    timeout: 60_000,
  });
  await expect(rows).toHaveCount(stored + 1);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
