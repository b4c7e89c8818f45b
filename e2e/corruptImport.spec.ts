import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cliCheckpoint } from './cliCheckpoint';
import { checkpointRows, installHooks, screenshot, waitForBackend } from './studio';

test('a corrupt checkpoint import shows a clear alert and keeps every stored checkpoint', async ({
  page,
}) => {
  const valid = readFileSync(cliCheckpoint());
  await installHooks(page);
  await page.goto('/#checkpoints');
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
    { name: 'flipped-byte.ckpt', buffer: flipped, says: 'its checksum does not match' },
    {
      name: 'truncated.ckpt',
      buffer: valid.subarray(0, Math.floor(valid.length / 3)),
      says: 'its checksum does not match',
    },
    {
      name: 'not-a-checkpoint.ckpt',
      buffer: Buffer.from('hello, I am not a checkpoint\n'),
      says: 'it starts with "hello, I" instead of "INKLABCK"',
    },
  ];
  for (const [i, file] of corrupt.entries()) {
    // A fresh page each time, so the alert seen is this import's.
    if (i > 0) await page.reload();
    await waitForBackend(page);
    await expect(rows).toHaveCount(1, { timeout: 60_000 });
    const { name, buffer } = file;
    await importInput.setInputFiles({ name, buffer, mimeType: 'application/octet-stream' });
    const alert = page.getByRole('alert').filter({ hasText: name });
    await expect(alert, `an alert for ${name}`).toContainText(
      `Could not import the checkpoint ${name}: "${name}" is not a usable Inklab checkpoint: ${file.says}`,
      { timeout: 30_000 },
    );
    if (i === 0) await screenshot(page, '08-corrupt-import-alert');
    await expect(rows, `every checkpoint stays after ${file.name}`).toHaveCount(1);
    expect(await rows.allInnerTexts()).toEqual(before);
  }
  await page.reload();
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  expect(await rows.allInnerTexts()).toEqual(before);
});
