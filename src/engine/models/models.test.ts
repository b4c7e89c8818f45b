import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { EMNIST_MAPPING } from '../data/emnistMapping';
import { buildCNN } from './cnn';
import { buildLineCNN } from './lineCnn';
import { buildLineCNNSimple } from './lineCnnSimple';
import { buildMLP } from './mlp';
import { modelClass } from './registry';
import { summarizeModel } from './summary';

const mnist = { inputDims: [28, 28, 1], outputDims: [10], mapping: [...'0123456789'] };
const emnist = { inputDims: [28, 28, 1], outputDims: [83], mapping: [...EMNIST_MAPPING] };
const lines = { inputDims: [28, 896, 1], outputDims: [32, 83], mapping: [...EMNIST_MAPPING] };
const labLineSimple = {
  conv_dim: 64,
  fc_dim: 128,
  fc_dropout: 0.25,
  window_width: 28,
  window_stride: 28,
  limit_output_length: 32,
};

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

  it('LineCNNSimple: 32 outputs per line with exactly the CNN’s 1,654,035 parameters', () => {
    const model = buildLineCNNSimple(lines, labLineSimple, 1);
    expect(model.outputShape).toEqual([null, 32, 83]);
    expect(model.countParams()).toBe(1_654_035);
    // Overlapping windows (stride 14) give 63 windows, of which the first 32 are kept.
    const overlapping = buildLineCNNSimple(lines, { ...labLineSimple, window_stride: 14 }, 1);
    expect(overlapping.getLayer('fc1').outputShape).toEqual([null, 1, 63, 128]);
    expect(overlapping.outputShape).toEqual([null, 32, 83]);
    expect(() => buildLineCNNSimple(lines, { ...labLineSimple, window_stride: 30 }, 1)).toThrow(
      /29 windows/,
    );
    for (const m of [model, overlapping]) m.dispose();
  });

  it('LineCNN: 111 time steps at the defaults; windows must be multiples of 4', () => {
    const args = { conv_dim: 4, fc_dim: 8, fc_dropout: 0.2, window_width: 16, window_stride: 8 };
    const model = buildLineCNN(lines, args, 1);
    expect(model.outputShape).toEqual([null, 111, 83]);
    expect(() => buildLineCNN(lines, { ...args, window_stride: 6 }, 1)).toThrow(/multiples of 4/);
    model.dispose();
  });

  it('line and character models refuse the other kind of data', () => {
    expect(() => modelClass('LineCNN').build(emnist, {}, 1)).toThrow(/EMNISTLines/);
    expect(() => modelClass('CNN').build(lines, {}, 1)).toThrow(/line model/);
  });

  it('line models survive the checkpoint topology round trip (toJSON -> modelFromJSON)', async () => {
    const args = { ...labLineSimple, conv_dim: 2, fc_dim: 4 };
    const lineArgs = { conv_dim: 2, fc_dim: 4, fc_dropout: 0, window_width: 16, window_stride: 8 };
    for (const model of [buildLineCNNSimple(lines, args, 3), buildLineCNN(lines, lineArgs, 3)]) {
      const copy = await tf.models.modelFromJSON({
        modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'],
      });
      copy.setWeights(model.getWeights());
      const x = tf.randomUniform([2, 28, 896, 1], 0, 1, 'float32', 4);
      const [a, b] = [model.predict(x), copy.predict(x)] as tf.Tensor[];
      expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
      tf.dispose([x, a, b]);
      model.dispose();
      copy.dispose();
    }
  });
});
