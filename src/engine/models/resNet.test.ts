import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment } from '../../testing/experimentHarness';
import { useWasmBackend } from '../../testing/wasmBackend';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/format';
import { captureCheckpoint, restoreModel } from '../checkpoint/moduleState';
import { exportTfjsModel, tfjsFilesHandler } from '../checkpoint/tfjsExport';
import { LitModel } from '../lit/litModel';
import { modelClass } from './registry';
import { BN_MOMENTUM } from './resNet';
import { summarizeModel } from './summary';

const mnist = { inputDims: [28, 28, 1], outputDims: [10], mapping: [...'0123456789'] };
const small = { conv_dim: 4, blocks: 1, fc_dropout: 0 };

function smallModule(): LitModel {
  const model = modelClass('ResNet').build(mnist, small, 3);
  return new LitModel(model, { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 10 });
}

const images = () => tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 5);
const labels = () => tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
const runningMean = (module: LitModel) =>
  Array.from(module.model.getLayer('stem_bn').getWeights()[2].dataSync());

describe('ResNet', () => {
  beforeAll(useWasmBackend);

  it('has batch normalization after every convolution and about 0.5 M parameters at the defaults', () => {
    const model = modelClass('ResNet').build(
      { ...mnist, outputDims: [83] },
      { conv_dim: 32, blocks: 1, fc_dropout: 0.2 },
      1,
    );
    const summary = summarizeModel(model);
    const types = summary.layers.map((l) => l.type);
    expect(types.filter((t) => t === 'Conv2D')).toHaveLength(9);
    expect(types.filter((t) => t === 'BatchNormalization')).toHaveLength(9);
    expect(types.filter((t) => t === 'Add')).toHaveLength(3);
    expect(types).not.toContain('InputLayer');
    // The stem and six block convolutions at 32, 64, 128 channels, two widening ones, no biases.
    expect(summary.totalParams).toBe(492_915);
    expect(summary.trainableParams).toBe(492_915 - 2 * (32 * 3 + 64 * 3 + 128 * 3));
    model.dispose();
  });

  it('updates the batch statistics in training steps only, by the momentum', async () => {
    const module = smallModule();
    const [x, y] = [images(), labels()];
    const before = runningMean(module);
    expect(before).toEqual([0, 0, 0, 0]);
    const evaluated = await module.evaluationStep({ x, y, size: 8 });
    tf.dispose([evaluated.loss, ...Object.values(evaluated.tallies)]);
    tf.dispose(module.predict(x));
    expect(runningMean(module)).toEqual(before);
    // The stem's output before normalization, averaged over batch, height and width.
    const stem = module.model.getLayer('stem');
    const batchMean = Array.from(
      tf.tidy(() => tf.mean(stem.apply(x) as tf.Tensor, [0, 1, 2])).dataSync(),
    );
    const step = module.trainingStep({ x, y, size: 8 }, 0, 1);
    tf.dispose([step.loss, ...Object.values(step.tallies)]);
    const after = runningMean(module);
    after.forEach((value, c) => {
      expect(value).toBeCloseTo((1 - BN_MOMENTUM) * batchMean[c], 6);
    });
    expect(after).not.toEqual(before);
    tf.dispose([x, y]);
    module.dispose();
  });

  it('predicts the same after a checkpoint round trip and through the tfjs export, running statistics included', async () => {
    const module = smallModule();
    const [x, y] = [images(), labels()];
    for (const step of [0, 1, 2]) {
      const result = module.trainingStep({ x, y, size: 8 }, step, 1);
      tf.dispose([result.loss, ...Object.values(result.tallies)]);
    }
    const checkpoint = decodeCheckpoint(
      encodeCheckpoint(
        await captureCheckpoint(module, {
          runName: 'ResNet-MNIST-20261203T000000000-bn',
          createdAt: '2026-12-03T00:00:00.000Z',
          config: { model_class: 'ResNet', data_class: 'MNIST' },
          mapping: mnist.mapping,
          epoch: 0,
          step: 3,
          metrics: {},
          callbacks: {},
        }),
      ),
    );
    expect(checkpoint.weights.map((w) => w.name)).toContain('stem_bn/moving_variance');
    const restored = await restoreModel(checkpoint);
    const files = await exportTfjsModel(module.model, mnist.mapping, { run: 'bn' });
    const exported = await tf.loadLayersModel(tfjsFilesHandler(files));
    const expected = (await module.predict(x).data()) as Float32Array;
    // The restored model gives logits, the export probabilities.
    const outputs: [tf.LayersModel, (t: tf.Tensor) => tf.Tensor][] = [
      [restored, (logits) => tf.softmax(logits)],
      [exported, (probabilities) => probabilities],
    ];
    for (const [model, toProbabilities] of outputs) {
      const actual = tf.tidy(() => toProbabilities(model.predict(x) as tf.Tensor));
      expect(Buffer.from((await actual.data()).buffer).equals(Buffer.from(expected.buffer))).toBe(
        true,
      );
      actual.dispose();
      model.dispose();
    }
    tf.dispose([x, y]);
    module.dispose();
  });

  it('overfits 2 batches of MNIST to train accuracy 1.0, and evaluates them in eval mode at 1.0', async () => {
    const { experiment, events } = createTestExperiment({
      model_class: 'ResNet',
      conv_dim: '8',
      overfit_batches: '2',
      batch_size: '32',
      max_epochs: '40',
      lr: '0.003',
    });
    const result = await experiment.run();
    experiment.dispose();
    const trainAcc = events.flatMap((e) => (e.type === 'epochEnd' ? [e.metrics['train/acc']] : []));
    // Measured here: train accuracy 1.0 from epoch 21 on; in eval mode, with the running
    // statistics, 0.953 after 25 epochs and 1.0 after 40.
    expect(Math.max(...trainAcc.slice(-5))).toBe(1);
    expect(result.metrics['validation/acc']).toBe(1);
  }, 300_000);
});
