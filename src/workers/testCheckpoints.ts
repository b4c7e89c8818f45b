/** Small valid checkpoint files for the worker's Node tests (no model training needed). */
import { type CheckpointMeta, encodeCheckpoint } from '../engine/checkpoint/format';

export function checkpointMeta(overrides: Partial<CheckpointMeta> = {}): CheckpointMeta {
  return {
    runName: 'CNN-MNIST-20260101T000000',
    createdAt: '2026-01-01T00:00:00.000Z',
    config: { model_class: 'CNN', data_class: 'MNIST', max_epochs: 1 },
    mapping: ['0', '1'],
    epoch: 0,
    step: 3,
    metrics: { 'validation/loss': 0.5, 'validation/acc': 0.8 },
    // A valid header; restoreModel refuses a Sequential without layers.
    modelTopology: { class_name: 'Sequential', config: { layers: [] } },
    optimizerName: 'adam',
    callbacks: {},
    ...overrides,
  };
}

export function checkpointBytes(overrides: Partial<CheckpointMeta> = {}): Uint8Array {
  return encodeCheckpoint({
    meta: checkpointMeta(overrides),
    weights: [{ name: 'w', shape: [2], dtype: 'float32', data: Float32Array.of(1, 2) }],
    optimizerWeights: [],
  });
}
