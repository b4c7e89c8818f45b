import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeCheckpoint } from '../engine/checkpoint/format';
import { CHECKPOINT_MAX_BYTES } from '../engine/checkpoint/limits';
import { captureCheckpoint } from '../engine/checkpoint/moduleState';
import { LitModel } from '../engine/lit/litModel';
import { editCheckpoint, joinCheckpoint, splitCheckpoint } from '../testing/rawCheckpoint';
import { useWasmBackend } from '../testing/wasmBackend';
import { decodeImportedCheckpoint, importCheckpointFile } from './checkpointImport';
import { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import { openInklabDb } from './inklabDb';
import type { CheckpointRecord } from './protocol';
import { checkpointBytes, checkpointMeta } from './testCheckpoints';

beforeAll(useWasmBackend);

/** A real two-class model's checkpoint, as the Trainer would save it. */
async function modelCheckpoint(mapping = ['a', 'b']): Promise<Uint8Array> {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 2 })],
  });
  const module = new LitModel(model, { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 100 });
  const { modelTopology: _, optimizerName: __, ...meta } = checkpointMeta({ mapping });
  const bytes = encodeCheckpoint(await captureCheckpoint(module, meta));
  module.dispose();
  return bytes;
}

function memoryTarget(records: CheckpointRecord[] = []) {
  return {
    records,
    list: async () => ({ list: records, unreadable: [] }),
    add: async (record: CheckpointRecord) => {
      records.push(record);
    },
    // Identity is the real store's (tested below with IndexedDB): nothing here is the same.
    findSame: async () => undefined,
  };
}

describe('decodeImportedCheckpoint', () => {
  it('rejects empty, oversized and corrupt files naming the file', () => {
    expect(() => decodeImportedCheckpoint('a.ckpt', new Uint8Array(0))).toThrow(
      '"a.ckpt" is empty.',
    );
    const huge = { length: CHECKPOINT_MAX_BYTES + 1 } as Uint8Array;
    expect(() => decodeImportedCheckpoint('big.ckpt', huge)).toThrow(
      /"big.ckpt" is 256.0 MB, more than the 256.0 MB a checkpoint may have/,
    );
    const bytes = checkpointBytes();
    bytes[bytes.length - 1] ^= 0xff;
    expect(() => decodeImportedCheckpoint('x.ckpt', bytes)).toThrow(/checksum does not match/);
  });

  it('rejects a header without the metadata the studio lists', () => {
    expect(() => decodeImportedCheckpoint('x.ckpt', checkpointBytes({ epoch: -1 }))).toThrow(
      '"x.ckpt" is not a usable Inklab checkpoint: meta.epoch must be an integer >= 0, got -1.',
    );
    expect(() => decodeImportedCheckpoint('x.ckpt', checkpointBytes({ config: {} }))).toThrow(
      '"x.ckpt" is not a usable Inklab checkpoint: meta.config.model_class is missing',
    );
  });
});

describe('importCheckpointFile', () => {
  it('rebuilds the model and stores the file under a new id', async () => {
    const bytes = await modelCheckpoint();
    const existing = {
      id: 'CNN-MNIST-20260101T000000/epoch=0000-imported-1.ckpt',
    } as CheckpointRecord;
    const target = memoryTarget([existing]);
    const ids = ['1', '2'];
    const tensors = tf.memory().numTensors;
    const { record, alreadyStored } = await importCheckpointFile(
      'a.ckpt',
      bytes,
      target,
      () => ids.shift() as string,
    );
    expect(alreadyStored).toBe(false);
    expect(record.id).toBe('CNN-MNIST-20260101T000000/epoch=0000-imported-2.ckpt');
    expect(record).toMatchObject({ epoch: 0, step: 3, bytes: bytes.length, modelClass: 'CNN' });
    expect(target.records).toEqual([existing, record]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('refuses a checkpoint whose model does not match its mapping, storing nothing', async () => {
    const target = memoryTarget();
    await expect(
      importCheckpointFile('odd.ckpt', await modelCheckpoint(['a', 'b', 'c']), target),
    ).rejects.toThrow('"odd.ckpt" cannot be used: its model has 2 outputs but 3 class labels.');
    await expect(importCheckpointFile('t.ckpt', checkpointBytes(), target)).rejects.toThrow(
      '"t.ckpt" cannot be used: its model must have 1 to 128 layers.',
    );
    expect(target.records).toEqual([]);
  });

  it('stores nothing when the header has a field of the wrong type', async () => {
    const target = memoryTarget();
    const bytes = editCheckpoint(await modelCheckpoint(), (h) => {
      h.meta.createdAt = 1_700_000_000;
    });
    await expect(importCheckpointFile('date.ckpt', bytes, target)).rejects.toThrow(
      '"date.ckpt" is not a usable Inklab checkpoint: meta.createdAt must be an ISO date',
    );
    expect(target.records).toEqual([]);
  });

  it('does not store a file that is stored already, and says which record it is', async () => {
    const db = await openInklabDb('inklab-import-same');
    try {
      const store = new IndexedDbCheckpointStore(db);
      const bytes = await modelCheckpoint();
      await store.save('CNN-MNIST-20260101T000000/epoch=0000.ckpt', bytes);
      const again = await importCheckpointFile('back.ckpt', bytes.slice(), store);
      expect(again).toMatchObject({
        alreadyStored: true,
        record: { id: 'CNN-MNIST-20260101T000000/epoch=0000.ckpt' },
      });
      expect((await store.list()).list).toHaveLength(1);

      // Same run, epoch, step and time, other weights: another checkpoint, stored beside it.
      const { header, blob } = splitCheckpoint(bytes);
      blob[0] ^= 0x01;
      const other = joinCheckpoint(JSON.stringify(header), blob);
      expect(other.length).toBe(bytes.length);
      const imported = await importCheckpointFile('other.ckpt', other, store);
      expect(imported.alreadyStored).toBe(false);
      expect((await store.list()).list.map((r) => r.id).sort()).toEqual(
        ['CNN-MNIST-20260101T000000/epoch=0000.ckpt', imported.record.id].sort(),
      );
    } finally {
      db.close();
    }
  });
});
