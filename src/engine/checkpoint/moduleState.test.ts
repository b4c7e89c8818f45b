/**
 * restoreLitModel and the optimizer state: a checkpoint whose optimizer arrays do not fit the
 * optimizer on its model is refused, naming the array, before any state is assigned.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { disposeStep } from '../lit/epochSums';
import { LitModel, type LitModelOptions } from '../lit/litModel';
import { CheckpointError } from './checkpointError';
import type { Checkpoint, NamedArray } from './format';
import { captureCheckpoint, restoreLitModel } from './moduleState';

beforeAll(useWasmBackend);

const options = (optimizer: string): LitModelOptions => ({
  optimizer,
  lr: 1e-3,
  oneCycleTotalSteps: 10,
});

/** A dense model's checkpoint after two real optimizer steps, so every slot exists. */
async function trainedCheckpoint(optimizer: string): Promise<Checkpoint> {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.dense({ units: 3 })],
  });
  const module = new LitModel(model, options(optimizer));
  const x = tf.randomUniform([6, 4, 4, 1], 0, 1, 'float32', 1);
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
  for (const step of [0, 1]) disposeStep(module.trainingStep({ x, y, size: 6 }, step, 7));
  const checkpoint = await captureCheckpoint(module, {
    runName: 'MLP-MNIST-20261202T000000000-slots',
    createdAt: '2026-12-02T00:00:00.000Z',
    config: { model_class: 'MLP', data_class: 'MNIST' },
    mapping: ['a', 'b', 'c'],
    epoch: 0,
    step: 2,
    metrics: {},
    callbacks: {},
  });
  tf.dispose([x, y]);
  module.dispose();
  return checkpoint;
}

const withOptimizerWeights = (checkpoint: Checkpoint, arrays: NamedArray[]): Checkpoint => ({
  ...checkpoint,
  optimizerWeights: arrays,
});

/** The refusal restoring `checkpoint` ends in; fails the test when it is restored. */
async function refusal(checkpoint: Checkpoint, optimizer: string): Promise<CheckpointError> {
  const error = await restoreLitModel(checkpoint, options(optimizer)).then(
    (module) => {
      module.dispose();
      throw new Error('The tampered checkpoint was restored.');
    },
    (refused: unknown) => refused,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  return error as CheckpointError;
}

describe('restoreLitModel checks the optimizer state', () => {
  it('restores a checkpoint whose state fits, for every optimizer', async () => {
    for (const optimizer of ['adam', 'adamw', 'rmsprop', 'sgd']) {
      const checkpoint = await trainedCheckpoint(optimizer);
      const module = await restoreLitModel(checkpoint, options(optimizer));
      const state = await module.optimizer.getWeights();
      expect(
        state.map((s) => s.tensor.shape),
        optimizer,
      ).toEqual(checkpoint.optimizerWeights.map((w) => w.shape));
      state[0]?.tensor.dispose();
      module.dispose();
    }
  });

  it('refuses a dropped array, naming how many the optimizer needs, and leaks nothing', async () => {
    const checkpoint = await trainedCheckpoint('adam');
    // The iteration count, then first and second moments of the kernel [16, 3] and bias [3].
    expect(checkpoint.optimizerWeights.map((w) => w.shape)).toEqual([
      [],
      [16, 3],
      [3],
      [16, 3],
      [3],
    ]);
    const before = tf.memory().numTensors;
    const error = await refusal(
      withOptimizerWeights(checkpoint, checkpoint.optimizerWeights.slice(0, -1)),
      'adam',
    );
    expect(error.field).toBe('optimizerWeights');
    expect(error.message).toBe(
      "The checkpoint of run 'MLP-MNIST-20261202T000000000-slots' cannot be used: it holds 4 " +
        'optimizer weight arrays, but adam needs 5 (the iteration count and its first moment and ' +
        'second moment for each of 2 trainable weights). Choose a checkpoint saved by Inklab.',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an array of the wrong shape, naming it with both shapes, and leaks nothing', async () => {
    const checkpoint = await trainedCheckpoint('rmsprop');
    const arrays = [...checkpoint.optimizerWeights];
    const kernelMoment = arrays[3] as NamedArray;
    arrays[3] = { ...kernelMoment, shape: [3, 16] };
    const before = tf.memory().numTensors;
    const error = await refusal(withOptimizerWeights(checkpoint, arrays), 'rmsprop');
    expect(error.field).toBe('optimizerWeights[3]');
    expect(error.message).toMatch(
      new RegExp(
        `optimizer weight 3 \\(${kernelMoment.name}, for the moment of .*kernel\\) has shape ` +
          '\\[3,16\\], rmsprop needs \\[16,3\\]',
      ),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses an iteration count that is no int32 scalar', async () => {
    const checkpoint = await trainedCheckpoint('sgd');
    const [iterations] = checkpoint.optimizerWeights as [NamedArray];
    const error = await refusal(
      withOptimizerWeights(checkpoint, [{ ...iterations, dtype: 'float32' }]),
      'sgd',
    );
    expect(error.field).toBe('optimizerWeights[0]');
    expect(error.message).toContain(
      'optimizer weight 0 (iter, for the iteration count) is float32, sgd needs int32',
    );
  });
});
