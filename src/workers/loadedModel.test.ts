import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../testing/wasmBackend';
import { LoadedModel } from './loadedModel';

function loaded(layers: tf.layers.Layer[]): LoadedModel {
  return new LoadedModel('run/epoch=0000.ckpt', 'run', ['a', 'b'], tf.sequential({ layers }), {});
}

describe('a loaded model warming up', () => {
  beforeAll(useWasmBackend);

  it('predicts once on its own input shape, whatever its rank, and keeps no tensor', async () => {
    const models = [
      // An MLP reads 28x28 images, a CNN 28x28x1.
      loaded([
        tf.layers.flatten({ inputShape: [28, 28] }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ]),
      loaded([
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 1, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ]),
    ];
    for (const model of models) {
      const before = tf.memory().numTensors;
      await model.warmUp();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
  });
});
