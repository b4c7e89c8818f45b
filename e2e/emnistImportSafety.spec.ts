import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import { syntheticEmnistPair } from '../src/testing/emnistTestData';
import { waitForBackend } from './studio';

/** 20 test images: the import splits them 12/4/4. */
const good = syntheticEmnistPair(
  'test',
  Array.from({ length: 20 }, (_, i) => i % 5),
);
/**
 * A 20 MB run of zeros posing as the labels file, about 20 kB zipped, whose central directory
 * claims 1,000 bytes: only a running limit stops it (an honest size is refused before inflating).
 */
const bomb = (() => {
  const zip = zipSync({
    gzip: { [good.images.name]: good.images.bytes, [good.labels.name]: new Uint8Array(20e6) },
  });
  const view = new DataView(zip.buffer);
  const name = new TextEncoder().encode(`gzip/${good.labels.name}`);
  for (let at = 0; at + 46 + name.length <= zip.length; at++) {
    const named = name.every((b, i) => zip[at + 46 + i] === b);
    if (view.getUint32(at, true) === 0x02014b50 && named) view.setUint32(at + 24, 1000, true);
  }
  return zip;
})();

test('a zip bomb is stopped and the earlier EMNIST import survives it and a reload', async ({
  page,
}) => {
  await page.goto('/#data');
  await waitForBackend(page);
  const picker = page.getByLabel('Import EMNIST files', { exact: true });
  const emnist = page.locator('.dataset-card').filter({ hasText: 'EMNIST' });

  await picker.setInputFiles(
    [good.images, good.labels].map((f) => ({
      name: f.name,
      mimeType: 'application/gzip',
      buffer: Buffer.from(f.bytes),
    })),
  );
  await expect(emnist).toContainText('imported', { timeout: 60_000 });
  const before = (await emnist.textContent()) ?? '';
  expect(before).toContain('4 test');

  await picker.setInputFiles({
    name: 'gzip.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(bomb),
  });
  const alert = page.getByRole('alert').filter({ hasText: /decompression bomb/ });
  await expect(alert.first()).toBeVisible({ timeout: 60_000 });
  await expect(emnist).toHaveText(before);

  await page.reload();
  await waitForBackend(page);
  await expect(emnist).toHaveText(before, { timeout: 60_000 });
});
