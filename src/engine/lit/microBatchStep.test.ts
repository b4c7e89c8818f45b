import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { EMNIST_MAPPING } from '../data/emnistMapping';
import type { DataConfig } from '../data/types';
import { modelClass } from '../models/registry';
import { LitModel } from './litModel';

beforeAll(useWasmBackend);

const BATCH = 10;

interface Case {
  model_class: string;
  loss: string;
  data: DataConfig;
  args: Record<string, number>;
  labels: () => tf.Tensor;
}

const cases: Case[] = [
  {
    model_class: 'CNN',
    loss: 'cross_entropy',
    data: { inputDims: [28, 28, 1], outputDims: [83], mapping: [...EMNIST_MAPPING] },
    args: { conv_dim: 8, fc_dim: 16, fc_dropout: 0 },
    labels: () => tf.tensor1d([5, 17, 3, 80, 42, 9, 0, 61, 33, 12], 'int32'),
  },
  {
    model_class: 'LineCNN',
    loss: 'ctc',
    // A short line: 7 time steps for labels of 4 tokens.
    data: { inputDims: [28, 64, 1], outputDims: [4, 83], mapping: [...EMNIST_MAPPING] },
    args: { conv_dim: 8, fc_dim: 16, fc_dropout: 0, window_width: 16, window_stride: 8 },
    labels: () =>
      tf.tensor2d(
        Array.from({ length: BATCH * 4 }, (_, i) => (i % 7 === 6 ? 3 : 4 + ((i * 37) % 79))),
        [BATCH, 4],
        'int32',
      ),
  },
];

/** One SGD step at lr 1 from the seed's weights: the weights' change is minus the gradient. */
function stepDeltas(c: Case, microBatchSize?: number) {
  const model = modelClass(c.model_class).build(c.data, c.args, 7);
  const lit = new LitModel(model, {
    optimizer: 'sgd',
    lr: 1,
    oneCycleTotalSteps: 1,
    loss: c.loss,
    microBatchSize,
  });
  const before = model.getWeights().map((w) => w.arraySync());
  const x = tf.randomUniform([BATCH, ...c.data.inputDims], 0, 1, 'float32', 3);
  const y = c.labels();
  const { loss, tallies } = lit.trainingStep({ x, y, size: BATCH }, 0, 1);
  const deltas = model.getWeights().map((w, i) => tf.sub(before[i] as number[], w).dataSync());
  const result = {
    loss: loss.dataSync()[0] as number,
    tallies: Object.fromEntries(Object.entries(tallies).map(([k, t]) => [k, t.dataSync()[0]])),
    deltas,
  };
  tf.dispose([x, y, loss, ...Object.values(tallies)]);
  lit.dispose();
  return result;
}

describe.each(cases)('a micro-batched step of $model_class ($loss)', (c) => {
  it('equals the full-batch step: loss, tallies and gradients within 1e-5 relative', () => {
    const full = stepDeltas(c);
    // 4 + 4 + 2: the last micro-batch smaller, so its share of the mean matters.
    const micro = stepDeltas(c, 4);
    expect(Math.abs(micro.loss - full.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(full.loss));
    expect(micro.tallies).toEqual(full.tallies);
    expect(micro.deltas).toHaveLength(full.deltas.length);
    full.deltas.forEach((expected, i) => {
      const scale = Math.max(...Array.from(expected, Math.abs));
      expect(scale).toBeGreaterThan(0);
      const worst = Math.max(
        ...Array.from(micro.deltas[i] ?? [], (v, j) => Math.abs(v - (expected[j] ?? 0))),
      );
      expect(worst).toBeLessThanOrEqual(1e-5 * scale);
    });
  });
});
