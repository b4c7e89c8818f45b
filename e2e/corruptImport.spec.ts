import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { checkpointRows, installHooks, screenshot, waitForBackend } from './studio';

/** A real checkpoint of the tiny CNN written by the CLI (about 3 s on wasm in Node). */
function cliCheckpoint(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inklab-e2e-'));
  execFileSync(
    'npx',
    [
      'tsx',
      'src/cli/runExperiment.ts',
      ...['--model_class', 'CNN', '--conv_dim', '2', '--fc_dim', '8', '--batch_size', '8'],
      ...['--limit_train_batches', '2', '--limit_val_batches', '1', '--limit_test_batches', '1'],
      ...['--max_epochs', '1', '--checkpoint_dir', dir],
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
  const find = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = join(d, f);
      return statSync(p).isDirectory() ? find(p) : p.endsWith('.ckpt') ? [p] : [];
    });
  const [file] = find(dir);
  if (!file) throw new Error(`The CLI wrote no checkpoint under ${dir}.`);
  return file;
}

test('a corrupt checkpoint import shows a clear alert and keeps every stored checkpoint', async ({
  page,
}) => {
  const valid = readFileSync(cliCheckpoint());
  await installHooks(page);
  await page.goto('/');
  await waitForBackend(page);

  // One good checkpoint first (a CLI file: the studio reads the same format).
  const importInput = page.getByLabel('Import checkpoint', { exact: true });
  await importInput.setInputFiles({
    name: 'cli-tiny.ckpt',
    mimeType: 'application/octet-stream',
    buffer: valid,
  });
  const rows = checkpointRows(page);
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  const before = await rows.allInnerTexts();

  const flipped = Buffer.from(valid);
  const middle = Math.floor(flipped.length / 2);
  flipped[middle] = (flipped[middle] ?? 0) ^ 0xff;
  const corrupt = [
    { name: 'flipped-byte.ckpt', buffer: flipped },
    { name: 'truncated.ckpt', buffer: valid.subarray(0, Math.floor(valid.length / 3)) },
    { name: 'not-a-checkpoint.ckpt', buffer: Buffer.from('hello, I am not a checkpoint\n') },
  ];
  for (const [i, file] of corrupt.entries()) {
    // A fresh page each time, so the alert seen is this import's.
    if (i > 0) await page.reload();
    await waitForBackend(page);
    await expect(rows).toHaveCount(1, { timeout: 60_000 });
    await importInput.setInputFiles({ ...file, mimeType: 'application/octet-stream' });
    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await expect(alert.first(), `an alert for ${file.name}`).toBeVisible({ timeout: 30_000 });
    const message = (await alert.first().textContent()) ?? '';
    expect(message, `a clear message for ${file.name}`).toMatch(
      /checkpoint|corrupt|invalid|damaged|CRC|checksum|format|not a/i,
    );
    if (i === 0) await screenshot(page, '08-corrupt-import-alert');
    await expect(rows, `every checkpoint stays after ${file.name}`).toHaveCount(1);
    expect(await rows.allInnerTexts()).toEqual(before);
  }
  await page.reload();
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  expect(await rows.allInnerTexts()).toEqual(before);
});
