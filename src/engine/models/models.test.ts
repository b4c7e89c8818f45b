import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { EMNIST_MAPPING } from '../data/emnistMapping';
import { buildCNN } from './cnn';
import { buildMLP } from './mlp';
import { summarizeModel } from './summary';

const mnist = { inputDims: [28, 28, 1], outputDims: [10], mapping: [...'0123456789'] };
const emnist = { inputDims: [28, 28, 1], outputDims: [83], mapping: [...EMNIST_MAPPING] };

describe('lab models', () => {
  beforeAll(useWasmBackend);

  it('CNN with the 83-token mapping has the lab’s 1,654,035 parameters', () => {
    const model = buildCNN(emnist, { conv_dim: 64, fc_dim: 128, fc_dropout: 0.25 }, 1);
    const summary = summarizeModel(model);
    expect(EMNIST_MAPPING).toHaveLength(83);
    expect(summary.totalParams).toBe(1_654_035);
    expect(summary.trainableParams).toBe(1_654_035);
    expect(summary.layers.map((l) => l.type)).toEqual([
      'Conv2D',
      'Conv2D',
      'MaxPooling2D',
      'Dropout',
      'Flatten',
      'Dense',
      'Dense',
    ]);
    expect(summary.layers[4].outputShape).toEqual([null, 12544]);
    expect(summary.sizeMB).toBeCloseTo(6.616, 2);
    model.dispose();
  });

  it('MLP has 936,330 parameters on MNIST and 945,747 with the 83-token mapping', () => {
    const args = { fc1: 1024, fc2: 128, fc_dropout: 0.5 };
    const onMnist = buildMLP(mnist, args, 1);
    const onEmnist = buildMLP(emnist, args, 1);
    expect(onMnist.countParams()).toBe(936_330);
    expect(onEmnist.countParams()).toBe(945_747);
    onMnist.dispose();
    onEmnist.dispose();
  });

  it('the seed fixes the initial weights', () => {
    const args = { conv_dim: 4, fc_dim: 8, fc_dropout: 0.25 };
    const [a, b, c] = [7, 7, 8].map((seed) => buildCNN(mnist, args, seed));
    const first = (m: tf.LayersModel) => m.getWeights()[0].dataSync();
    expect(Array.from(first(a))).toEqual(Array.from(first(b)));
    expect(Array.from(first(a))).not.toEqual(Array.from(first(c)));
    for (const m of [a, b, c]) m.dispose();
  });
});
