import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointIdError } from '../engine/checkpoint/checkpointId';
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
  it('refuses ids that are not checkpoint ids, leaving stored ones as they are', async () => {
    const bytes = checkpointBytes({ epoch: 1 });
    await store.save('run/epoch=0001.ckpt', bytes);
    for (const id of ['../../../victim/file.txt', 'run/../epoch=0001.ckpt', '/abs.ckpt', 'run']) {
      await expect(store.save(id, bytes), id).rejects.toThrow(CheckpointIdError);
      await expect(store.remove(id), id).rejects.toThrow(CheckpointIdError);
      await expect(store.load(id), id).rejects.toThrow(CheckpointIdError);
      await expect(store.has(id), id).rejects.toThrow(CheckpointIdError);
      // checkpointRecord itself refuses such ids: the record is made under a good one first.
      const record = { ...checkpointRecord('run/x.ckpt', checkpointMeta(), bytes.length), id };
      await expect(store.add(record, bytes), id).rejects.toThrow(CheckpointIdError);
    }
    expect((await store.list()).list.map((r) => r.id)).toEqual(['run/epoch=0001.ckpt']);
  });

  it('saves, lists with metadata, loads and removes checkpoints', async () => {
    const bytes = checkpointBytes({
      epoch: 2,
      step: 9,
      config: { model_class: 'CNN', data_class: 'MNIST', max_epochs: 4 },
    });
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
        maxEpochs: 4,
        modelClass: 'CNN',
        dataClass: 'MNIST',
      },
    ]);
    expect(await store.load('run/epoch=0002.ckpt')).toEqual(bytes);
    await store.remove('run/epoch=0002.ckpt');
    await store.remove('run/never-stored.ckpt');
    expect(await store.list()).toEqual({ list: [], unreadable: [] });
  });

  it('lists the newest checkpoints first', async () => {
    await store.save('run/a.ckpt', checkpointBytes({ createdAt: '2026-01-01T00:00:00.000Z' }));
    await store.save('run/b.ckpt', checkpointBytes({ createdAt: '2026-02-01T00:00:00.000Z' }));
    expect((await store.list()).list.map((r) => r.id)).toEqual(['run/b.ckpt', 'run/a.ckpt']);
  });

  it('stores only the viewed bytes of a larger buffer', async () => {
    const bytes = checkpointBytes();
    const padded = new Uint8Array(bytes.length + 100);
    padded.set(bytes, 50);
    await store.save('run/x.ckpt', padded.subarray(50, 50 + bytes.length));
    expect((await store.load('run/x.ckpt')).buffer.byteLength).toBe(bytes.length);
  });

  it('refuses to save bytes that are not a checkpoint', async () => {
    await expect(store.save('run/bad.ckpt', new Uint8Array(64))).rejects.toThrow(
      /not a usable Inklab/,
    );
    expect(await store.list()).toEqual({ list: [], unreadable: [] });
  });

  it('never overwrites an existing id on add', async () => {
    const bytes = checkpointBytes();
    const record = checkpointRecord('run/same.ckpt', checkpointMeta(), bytes.length);
    await store.add(record, bytes);
    await expect(
      store.add({ ...record, runName: 'other' }, checkpointBytes({ runName: 'other' })),
    ).rejects.toThrow(/already stored; it was left as it is/);
    expect((await store.get('run/same.ckpt')).record.runName).toBe(record.runName);
  });

  it('lists the readable records and reports each unreadable one with why', async () => {
    await store.save('run/good.ckpt', checkpointBytes());
    const good = (await store.list()).list;
    const record = checkpointRecord('run/x.ckpt', checkpointMeta(), 10);
    // As an older Inklab stored them: fields of the wrong type, or missing.
    await db.put('checkpoints', {
      ...record,
      id: 'run/text-metric.ckpt',
      metrics: { 'validation/loss': 'low' },
    } as never);
    await db.put('checkpoints', {
      ...record,
      id: 'run/numeric-date.ckpt',
      createdAt: 1_700_000_000,
    } as never);
    await db.put('checkpoints', { id: 'run/bare.ckpt' } as never);
    await db.put('checkpoints', {
      ...record,
      id: 'run/nan-metric.ckpt',
      metrics: { 'validation/loss': Number.NaN },
    });
    const { list, unreadable } = await store.list();
    expect(list.map((r) => r.id)).toEqual(['run/good.ckpt', 'run/nan-metric.ckpt']);
    expect(list[1].metrics['validation/loss']).toBeNaN();
    expect(list[0]).toEqual(good[0]);
    expect(unreadable).toEqual([
      { id: 'run/bare.ckpt', key: 'run/bare.ckpt', reason: 'runName is missing' },
      {
        id: 'run/numeric-date.ckpt',
        key: 'run/numeric-date.ckpt',
        reason: 'createdAt must be an ISO date such as 2026-01-01T00:00:00.000Z, got 1700000000',
      },
      {
        id: 'run/text-metric.ckpt',
        key: 'run/text-metric.ckpt',
        reason: 'metrics["validation/loss"] must be a number or null, got "low"',
      },
    ]);
  });

  it('lists a record stored under a key that is no checkpoint id as unreadable, and deletes it by that key alone', async () => {
    const bytes = checkpointBytes();
    await store.save('run/good.ckpt', bytes);
    const record = checkpointRecord('run/x.ckpt', checkpointMeta(), bytes.length);
    // As a hostile page or a hand edit could leave them: complete records under keys no id is.
    for (const key of ['../x', 'x'] as const) {
      await db.put('checkpoints', { ...record, id: key });
      await db.put('checkpointBytes', bytes, key);
    }
    await db.put('checkpoints', { ...record, id: 7 } as never);
    const { list, unreadable } = await store.list();
    expect(list.map((r) => r.id)).toEqual(['run/good.ckpt']);
    expect(unreadable).toEqual([
      {
        id: '7',
        key: 7,
        reason: 'id must be a checkpoint id, got 7',
      },
      {
        id: '../x',
        key: '../x',
        reason:
          "id is not a checkpoint id: its run name must use letters, digits, '.', '_', '-' and '=' only, starting with a letter or digit, without '..', got \"../x\"",
      },
      {
        id: 'x',
        key: 'x',
        reason:
          'id is not a checkpoint id: it must be <run name>/<file>.ckpt, with exactly one /, got "x"',
      },
    ]);
    await expect(store.remove('../x')).rejects.toThrow(CheckpointIdError);

    for (const { key } of unreadable) await store.removeUnreadable(key);
    expect(await store.list()).toEqual({ list, unreadable: [] });
    expect(await db.getAllKeys('checkpointBytes')).toEqual(['run/good.ckpt']);
    expect(await store.load('run/good.ckpt')).toEqual(bytes);
  });

  it('refuses to delete a readable record as unreadable, and takes a missing key as deleted', async () => {
    await store.save('run/good.ckpt', checkpointBytes());
    const before = await store.list();
    await expect(store.removeUnreadable('run/good.ckpt')).rejects.toThrow(
      'The checkpoint "run/good.ckpt" is readable, so it is not deleted as an unreadable record. Refresh the checkpoint list and delete it from its row.',
    );
    await store.removeUnreadable('../never-stored');
    expect(await store.list()).toEqual(before);
  });

  it('refuses to store a record it could not list back', async () => {
    const long = checkpointBytes({ config: { model_class: 'C'.repeat(100) } });
    await expect(store.save('run/long.ckpt', long)).rejects.toThrow(
      'Checkpoint "run/long.ckpt" cannot be listed: its modelClass must be text of 1 to 64 characters',
    );
    expect(await store.list()).toEqual({ list: [], unreadable: [] });
  });

  it("keeps the run's test metrics on the tested checkpoint's record, and checks them on read", async () => {
    await store.save('run/epoch=0001.ckpt', checkpointBytes({ epoch: 1 }));
    await store.save('run/epoch=0002.ckpt', checkpointBytes({ epoch: 2 }));
    await store.recordTest('run/epoch=0001.ckpt', { 'test/loss': 0.25, 'test/acc': 0.75 });
    const { list } = await store.list();
    expect(list.map((r) => [r.id, r.testMetrics])).toEqual([
      ['run/epoch=0002.ckpt', undefined],
      ['run/epoch=0001.ckpt', { 'test/loss': 0.25, 'test/acc': 0.75 }],
    ]);
    // A checkpoint deleted meanwhile: nothing to annotate, and nothing is created.
    await store.recordTest('run/epoch=0009.ckpt', { 'test/acc': 1 });
    expect((await store.list()).list).toHaveLength(2);

    const [, tested] = list;
    await db.put('checkpoints', { ...tested, testMetrics: { 'test/acc': 'high' } } as never);
    expect((await store.list()).unreadable).toEqual([
      {
        id: 'run/epoch=0001.ckpt',
        key: 'run/epoch=0001.ckpt',
        reason: 'testMetrics["test/acc"] must be a number or null, got "high"',
      },
    ]);
  });

  it('reports a missing checkpoint clearly', async () => {
    await expect(store.load('run/gone.ckpt')).rejects.toThrow(
      /"run\/gone\.ckpt" .* does not exist/,
    );
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
