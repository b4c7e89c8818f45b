import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { importLightningRun } from '../engine/runs/lightningImport';
import { openInklabDb } from './inklabDb';
import { RunStore } from './runStore';

const record = importLightningRun({ metricsCsv: 'train/loss,step\n1.5,10\n', modifiedAt: 1 });

describe('RunStore', () => {
  it('lists unreadable records apart, deletes them by stored key, and refuses to delete a readable one that way', async () => {
    const db = await openInklabDb('inklab-run-store');
    const runs = new RunStore(db);
    await runs.put(record);
    await db.put('runs', { ...record, tags: 'not a list' }, 'crafted');
    await db.put('runs', 42, [1, 2]);
    const listing = await runs.list();
    expect(listing.runs.map((r) => r.id)).toEqual([record.id]);
    // IndexedDB orders string keys before array keys.
    expect(listing.unreadable.map((u) => [u.id, u.key])).toEqual([
      ['crafted', 'crafted'],
      ['1,2', [1, 2]],
    ]);
    await expect(runs.removeUnreadable(record.id)).rejects.toThrow(
      `The run "${record.id}" is readable, so it is not deleted as an unreadable record.`,
    );
    for (const { key } of listing.unreadable) await runs.removeUnreadable(key);
    expect(await runs.list()).toEqual({ runs: [record], unreadable: [] });
    db.close();
  });
});
