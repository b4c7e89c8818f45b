import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointRecord } from './checkpointRecord';
import { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import { type InklabDb, openInklabDb } from './inklabDb';
import { checkpointBytes, checkpointMeta } from './testCheckpoints';

let db: InklabDb;
let store: IndexedDbCheckpointStore;
let dbCount = 0;

beforeEach(async () => {
  db = await openInklabDb(`inklab-test-${dbCount++}`);
  store = new IndexedDbCheckpointStore(db);
});
afterEach(() => db.close());

/** Makes every put/add on the bytes store fail as a full disk does, until restored. */
function simulateFullStorage(): () => void {
  const proto = IDBObjectStore.prototype;
  const { put, add } = proto;
  const quota = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
    if (this.name === 'checkpointBytes') {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return put.apply(this, args);
  };
  proto.put = quota;
  proto.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
    if (this.name === 'checkpointBytes') return quota.apply(this, args);
    return add.apply(this, args);
  };
  return () => {
    proto.put = put;
    proto.add = add;
  };
}

describe('IndexedDbCheckpointStore', () => {
  it('saves, lists with metadata, loads and removes checkpoints', async () => {
    const bytes = checkpointBytes({ epoch: 2, step: 9 });
    await store.save('run/epoch=0002.ckpt', bytes);
    expect((await store.list()).list).toEqual([
      {
        id: 'run/epoch=0002.ckpt',
        runName: 'CNN-MNIST-20260101T000000',
        epoch: 2,
        step: 9,
        metrics: { 'validation/loss': 0.5, 'validation/acc': 0.8 },
        bytes: bytes.length,
        createdAt: '2026-01-01T00:00:00.000Z',
        modelClass: 'CNN',
        dataClass: 'MNIST',
      },
    ]);
    expect(await store.load('run/epoch=0002.ckpt')).toEqual(bytes);
    await store.remove('run/epoch=0002.ckpt');
    await store.remove('never-stored');
    expect(await store.list()).toEqual({ list: [], unreadable: [] });
  });

  it('lists the newest checkpoints first', async () => {
    await store.save('a', checkpointBytes({ createdAt: '2026-01-01T00:00:00.000Z' }));
    await store.save('b', checkpointBytes({ createdAt: '2026-02-01T00:00:00.000Z' }));
    expect((await store.list()).list.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('stores only the viewed bytes of a larger buffer', async () => {
    const bytes = checkpointBytes();
    const padded = new Uint8Array(bytes.length + 100);
    padded.set(bytes, 50);
    await store.save('x', padded.subarray(50, 50 + bytes.length));
    expect((await store.load('x')).buffer.byteLength).toBe(bytes.length);
  });

  it('refuses to save bytes that are not a checkpoint', async () => {
    await expect(store.save('bad', new Uint8Array(64))).rejects.toThrow(/not a usable Inklab/);
    expect(await store.list()).toEqual({ list: [], unreadable: [] });
  });

  it('never overwrites an existing id on add', async () => {
    const bytes = checkpointBytes();
    const record = checkpointRecord('same', checkpointMeta(), bytes.length);
    await store.add(record, bytes);
    await expect(
      store.add({ ...record, runName: 'other' }, checkpointBytes({ runName: 'other' })),
    ).rejects.toThrow(/already stored; it was left as it is/);
    expect((await store.get('same')).record.runName).toBe(record.runName);
  });

  it('lists the readable records and reports each unreadable one with why', async () => {
    await store.save('good', checkpointBytes());
    const good = (await store.list()).list;
    const record = checkpointRecord('x', checkpointMeta(), 10);
    // As an older Inklab stored them: fields of the wrong type, or missing.
    await db.put('checkpoints', {
      ...record,
      id: 'text-metric',
      metrics: { 'validation/loss': 'low' },
    } as never);
    await db.put('checkpoints', {
      ...record,
      id: 'numeric-date',
      createdAt: 1_700_000_000,
    } as never);
    await db.put('checkpoints', { id: 'bare' } as never);
    await db.put('checkpoints', {
      ...record,
      id: 'nan-metric',
      metrics: { 'validation/loss': Number.NaN },
    });
    const { list, unreadable } = await store.list();
    expect(list.map((r) => r.id)).toEqual(['good', 'nan-metric']);
    expect(list[1].metrics['validation/loss']).toBeNaN();
    expect(list[0]).toEqual(good[0]);
    expect(unreadable).toEqual([
      { id: 'bare', reason: 'runName is missing' },
      {
        id: 'numeric-date',
        reason: 'createdAt must be an ISO date such as 2026-01-01T00:00:00.000Z, got 1700000000',
      },
      {
        id: 'text-metric',
        reason: 'metrics["validation/loss"] must be a number or null, got "low"',
      },
    ]);
  });

  it('refuses to store a record it could not list back', async () => {
    const long = checkpointBytes({ config: { model_class: 'C'.repeat(100) } });
    await expect(store.save('long', long)).rejects.toThrow(
      'Checkpoint "long" cannot be listed: its modelClass must be text of 1 to 64 characters',
    );
    expect(await store.list()).toEqual({ list: [], unreadable: [] });
  });

  it('reports a missing checkpoint clearly', async () => {
    await expect(store.load('gone')).rejects.toThrow(/"gone" .* does not exist/);
  });

  it('turns a full storage into a clear message and keeps every existing checkpoint', async () => {
    const kept = checkpointBytes({ epoch: 1 });
    await store.save('run/kept.ckpt', kept);
    const before = await store.list();
    const restore = simulateFullStorage();
    try {
      await expect(store.save('run/new.ckpt', checkpointBytes({ epoch: 2 }))).rejects.toThrow(
        /^Browser storage is full: checkpoint "run\/new.ckpt" \(.* MB\) could not be saved.*Delete old checkpoints/,
      );
      await expect(
        store.save('run/kept.ckpt', checkpointBytes({ epoch: 3, runName: 'overwritten' })),
      ).rejects.toThrow(/Browser storage is full/);
    } finally {
      restore();
    }
    expect(await store.list()).toEqual(before);
    expect(await store.load('run/kept.ckpt')).toEqual(kept);
  });
});
