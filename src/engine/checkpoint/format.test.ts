import { describe, expect, it } from 'vitest';
import { type Checkpoint, CheckpointError, decodeCheckpoint, encodeCheckpoint } from './format';

function sample(): Checkpoint {
  return {
    meta: {
      runName: 'CNN-EMNIST-test',
      createdAt: '2026-11-28T00:00:00.000Z',
      config: { model_class: 'CNN', lr: 0.001 },
      mapping: ['a', 'b'],
      epoch: 3,
      step: 120,
      metrics: { 'validation/loss': 0.5 },
      modelTopology: { class_name: 'Sequential' },
      optimizerName: 'adam',
      callbacks: { ModelCheckpoint: { saved: [] } },
    },
    weights: [
      {
        name: 'fc/kernel',
        shape: [2, 3],
        dtype: 'float32',
        data: Float32Array.from([1, 2, 3, 4, 5, 6.5]),
      },
      { name: 'fc/bias', shape: [3], dtype: 'float32', data: Float32Array.from([-1, 0, 1]) },
    ],
    optimizerWeights: [{ name: 'iter', shape: [], dtype: 'int32', data: Int32Array.from([120]) }],
  };
}

describe('checkpoint file format', () => {
  it('round-trips meta and arrays exactly', () => {
    const original = sample();
    const decoded = decodeCheckpoint(encodeCheckpoint(original));
    expect(decoded.meta).toEqual(original.meta);
    expect(decoded.weights.map((w) => [w.name, w.shape, w.dtype, Array.from(w.data)])).toEqual(
      original.weights.map((w) => [w.name, w.shape, w.dtype, Array.from(w.data)]),
    );
    expect(decoded.optimizerWeights[0].data).toBeInstanceOf(Int32Array);
    expect(Array.from(decoded.optimizerWeights[0].data)).toEqual([120]);
  });

  it('rejects a flipped byte with a checksum error', () => {
    const bytes = encodeCheckpoint(sample());
    bytes[bytes.length - 3] ^= 0xff;
    expect(() => decodeCheckpoint(bytes, 'best.ckpt')).toThrow(
      /best\.ckpt .*checksum does not match/,
    );
  });

  it('rejects a truncated file', () => {
    const bytes = encodeCheckpoint(sample());
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 8))).toThrow(CheckpointError);
    expect(() => decodeCheckpoint(bytes.subarray(0, 30))).toThrow(/truncated|checksum/);
    expect(() => decodeCheckpoint(bytes.subarray(0, 10))).toThrow(/only 10 bytes/);
  });

  it('rejects files that are not checkpoints, and future versions', () => {
    const text = new TextEncoder().encode('{"modelTopology": {}, "weightsManifest": []}');
    expect(() => decodeCheckpoint(text, 'model.json')).toThrow(
      /model\.json .*instead of "INKLABCK"/,
    );
    const bytes = encodeCheckpoint(sample());
    new DataView(bytes.buffer).setUint32(8, 99, true);
    expect(() => decodeCheckpoint(bytes)).toThrow(/format version 99 is not supported/);
  });
});
