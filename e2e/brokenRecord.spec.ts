import { expect, type Page, test } from '@playwright/test';
import type { CheckpointRecord } from '../src/workers/protocol';
import { button, checkpointRows, checkpointTable, waitForBackend } from './studio';

const good: CheckpointRecord = {
  id: 'good/epoch=0000.ckpt',
  runName: 'good',
  epoch: 0,
  step: 3,
  metrics: { 'validation/loss': 0.5 },
  bytes: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  maxEpochs: 1,
  modelClass: 'CNN',
  dataClass: 'MNIST',
};
// A metric that is not a number: its row's formatting throws while rendering.
const bad = {
  ...good,
  id: 'bad/epoch=0000.ckpt',
  runName: 'bad',
  metrics: { 'validation/loss': 'x' },
};

/** Writes records straight into the studio's IndexedDB, as a damaged store would hold them. */
async function store(page: Page, records: unknown[]): Promise<void> {
  await page.evaluate(async (list) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('inklab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['checkpoints', 'checkpointBytes'], 'readwrite');
    for (const record of list as { id: string }[]) {
      tx.objectStore('checkpoints').put(record);
      tx.objectStore('checkpointBytes').put(new Uint8Array(4), record.id);
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, records);
}

test('a record that breaks its row shows what failed and can be removed alone', async ({
  page,
}) => {
  await page.goto('/');
  await waitForBackend(page);
  await store(page, [good, bad]);
  await page.reload();

  const table = checkpointTable(page);
  const notice = table.getByRole('alert');
  await expect(notice).toContainText(`The checkpoint "${bad.id}" could not be shown`);
  await expect(checkpointRows(page), 'the good record is still listed').toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Run' })).toBeVisible();

  page.once('dialog', (dialog) => void dialog.accept());
  await button(table, 'Remove this checkpoint').click();
  await expect(notice).toHaveCount(0);
  await expect(checkpointRows(page)).toHaveCount(1);
  await page.reload();
  await expect(checkpointRows(page)).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(table).toContainText('good');
});
