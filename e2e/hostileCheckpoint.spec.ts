import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { editCheckpoint, type RawHeader } from '../src/testing/rawCheckpoint';
import { cliCheckpoint } from './cliCheckpoint';
import { checkpointRows, installHooks, screenshot, waitForBackend } from './studio';

type Json = Record<string, unknown>;
const layers = (h: RawHeader) =>
  ((h.meta.modelTopology as Json).config as { layers: { config: Json }[] }).layers;

/** Files with a valid CRC whose metadata broke the page or the store before the schema. */
const hostile: { name: string; edit: (h: RawHeader) => void; says: string }[] = [
  {
    name: 'text-metric.ckpt',
    edit: (h) => {
      h.meta.metrics = { 'validation/loss': 'low' };
    },
    says: 'meta.metrics["validation/loss"] must be a number or null, got "low"',
  },
  {
    name: 'numeric-date.ckpt',
    edit: (h) => {
      h.meta.createdAt = 1_700_000_000;
    },
    says: 'meta.createdAt must be an ISO date such as 2026-01-01T00:00:00.000Z, got 1700000000',
  },
  {
    name: 'path-name.ckpt',
    edit: (h) => {
      h.meta.runName = '../../x';
    },
    says: `meta.runName is not a run name: it must use letters, digits, '.', '_', '-' and '=' only, starting with a letter or digit, without '..', got "../../x"`,
  },
  {
    name: 'huge-dense.ckpt',
    edit: (h) => {
      layers(h)[5].config.units = 300_000;
    },
    says: 'cannot be used: layer 5 (fc1, Dense) brings the model to',
  },
];

/** The key a hostile page could store a complete record and its bytes under: no checkpoint id. */
const HOSTILE_KEY = '../x';

/**
 * What an older Inklab could leave in IndexedDB (records of the wrong types), and what a hostile
 * page of the same origin could: a whole record and its bytes under a key that is no id.
 */
async function storeBadRecords(page: Page, good: Json): Promise<void> {
  await page.evaluate(
    async ({ record, hostileKey }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('inklab');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['checkpoints', 'checkpointBytes'], 'readwrite');
      tx.objectStore('checkpoints').put({
        ...record,
        id: 'old/text-metric.ckpt',
        metrics: { x: 'low' },
      });
      tx.objectStore('checkpoints').put({ ...record, id: 'old/numeric-date.ckpt', createdAt: 5 });
      tx.objectStore('checkpoints').put({ ...record, id: hostileKey });
      tx.objectStore('checkpointBytes').put(new Uint8Array(1000), hostileKey);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { record: good, hostileKey: HOSTILE_KEY },
  );
}

/** Every key of the stored checkpoints' bytes. */
async function storedByteKeys(page: Page): Promise<IDBValidKey[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('inklab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = db.transaction('checkpointBytes').objectStore('checkpointBytes').getAllKeys();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return keys;
  });
}

async function storedRecord(page: Page): Promise<Json> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('inklab');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = await new Promise<Json[]>((resolve, reject) => {
      const request = db.transaction('checkpoints').objectStore('checkpoints').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return all[0];
  });
}

test('hostile checkpoint metadata never blanks the page, and every good checkpoint stays listed', async ({
  page,
}) => {
  const valid = readFileSync(cliCheckpoint());
  await installHooks(page);
  await page.goto('/#checkpoints');
  await waitForBackend(page);
  const importInput = page.getByLabel('Import checkpoint', { exact: true });
  await importInput.setInputFiles({
    name: 'cli-tiny.ckpt',
    mimeType: 'application/octet-stream',
    buffer: valid,
  });
  const rows = checkpointRows(page);
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  const before = await rows.allInnerTexts();
  const heading = page.getByRole('heading', { name: 'Checkpoints', exact: true });

  for (const { name, edit, says } of hostile) {
    const buffer = Buffer.from(editCheckpoint(new Uint8Array(valid), edit));
    await importInput.setInputFiles({ name, buffer, mimeType: 'application/octet-stream' });
    const alert = page.getByRole('alert').filter({ hasText: name });
    await expect(alert, `the alert for ${name}`).toContainText(
      `Could not import the checkpoint ${name}: "${name}"`,
      { timeout: 30_000 },
    );
    await expect(alert).toContainText(says);
    await expect(heading, `the page after ${name}`).toBeVisible();
    expect(await rows.allInnerTexts(), `the list after ${name}`).toEqual(before);
  }

  await storeBadRecords(page, await storedRecord(page));
  await page.reload();
  await waitForBackend(page);
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  expect(await rows.allInnerTexts()).toEqual(before);
  const unreadable = page.getByRole('region', { name: 'Unreadable checkpoints' });
  await expect(unreadable).toContainText('3 stored checkpoints could not be read');
  await expect(unreadable).toContainText(
    `${HOSTILE_KEY}: id is not a checkpoint id: its run name must use letters, digits`,
  );
  await expect(unreadable).toContainText(
    'old/numeric-date.ckpt: createdAt must be an ISO date such as 2026-01-01T00:00:00.000Z, got 5',
  );
  await expect(unreadable).toContainText(
    'old/text-metric.ckpt: metrics.x must be a number or null, got "low"',
  );
  await screenshot(page, '09-unreadable-checkpoints');

  // The way out removes only the bad records, the one under a key no id is included.
  const goodKeys = (await storedByteKeys(page)).filter((key) => key !== HOSTILE_KEY);
  for (const [key, left] of [
    ['old/text-metric.ckpt', '2 stored checkpoints could not be read'],
    [HOSTILE_KEY, 'One stored checkpoint could not be read'],
  ]) {
    page.once('dialog', (dialog) => dialog.accept());
    await unreadable
      .getByRole('listitem')
      .filter({ hasText: `${key}:` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(unreadable, `after deleting ${key}`).toContainText(left);
  }
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.reload();
  await expect(rows).toHaveCount(1, { timeout: 60_000 });
  expect(await rows.allInnerTexts()).toEqual(before);
  await expect(unreadable).toContainText('old/numeric-date.ckpt');
  await expect(unreadable).not.toContainText('old/text-metric.ckpt');
  await expect(unreadable).not.toContainText(HOSTILE_KEY);
  expect(await storedByteKeys(page)).toEqual(goodKeys);
});
