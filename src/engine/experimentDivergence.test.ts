import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';
import type { TrainerEvent } from './events';
import type { Experiment } from './experiment';

const flags = {
  data_class: 'MNIST',
  model_class: 'CNN',
  conv_dim: '4',
  fc_dim: '16',
  batch_size: '32',
  limit_train_batches: '6',
  limit_val_batches: '2',
  limit_test_batches: '2',
  max_epochs: '3',
};
/** Epoch 1's third batch: epoch 0 (steps 1-6) trains, validates and saves a checkpoint first. */
const poisonedStep = 9;

/**
 * Test-only hook: step `step` diverges as an overflowing update would: its loss reads NaN and
 * every weight is NaN after it. (A NaN input would not do: wasm's vectorized ReLU maps NaN to 0.)
 */
function poisonLossAt(experiment: Experiment, step: number): void {
  const build = experiment.buildModule.bind(experiment);
  experiment.buildModule = async () => {
    const module = await build();
    const trainingStep = module.trainingStep.bind(module);
    module.trainingStep = (batch, before, seed) => {
      const result = trainingStep(batch, before, seed);
      if (before + 1 !== step) return result;
      const loss = tf.mul(result.loss, Number.NaN) as tf.Scalar;
      result.loss.dispose();
      for (const w of module.model.trainableWeights) {
        const nan = tf.fill(w.read().shape, Number.NaN);
        w.write(nan);
        nan.dispose();
      }
      return { ...result, loss };
    };
    return module;
  };
}

const ofType = <T extends TrainerEvent['type']>(events: TrainerEvent[], type: T) =>
  events.filter((e): e is Extract<TrainerEvent, { type: T }> => e.type === type);

describe('a run whose loss turns non-finite after a good epoch (real data, wasm)', () => {
  beforeAll(useWasmBackend);

  it('ends as diverged at that step, keeps the last good checkpoint, which loads', async () => {
    const before = tf.memory().numTensors;
    const { experiment, events, store } = createTestExperiment(flags);
    poisonLossAt(experiment, poisonedStep);
    const result = await experiment.run();

    expect(result.finishReason).toBe('diverged');
    const saved = ofType(events, 'checkpointSaved');
    expect(saved.map((e) => [e.epoch, e.step])).toEqual([[0, 6]]);
    const lastGood = saved[0].id;
    const message =
      `Training diverged: the loss was NaN at step ${poisonedStep}. The last good checkpoint, ` +
      `${store.path(lastGood)}, is kept; nothing was saved after it. ` +
      'Try a lower learning rate, e.g. --lr 0.0001 (a tenth of 0.001).';
    expect(ofType(events, 'log').filter((e) => e.level === 'error')).toEqual([
      { type: 'log', level: 'error', message },
    ]);
    expect(events.at(-1)).toEqual({
      type: 'finished',
      reason: 'diverged',
      epoch: 1,
      step: poisonedStep,
      bestCheckpoint: lastGood,
      message,
    });
    // No step is reported, validated or trained past the diverged one.
    expect(Math.max(...ofType(events, 'step').map((e) => e.step))).toBe(poisonedStep - 1);
    expect(ofType(events, 'validation').map((e) => e.epoch)).toEqual([0]);
    expect(readdirSync(dirname(store.path(lastGood)))).toEqual([lastGood.split('/')[1]]);

    // The test ran on the kept checkpoint (the module's weights are NaN), which loads finite.
    expect(ofType(events, 'test')[0].checkpoint).toBe(lastGood);
    expect(Number.isFinite(result.metrics['test/loss'])).toBe(true);
    const reloaded = await experiment.loadCheckpoint(lastGood);
    const weights = await Promise.all(reloaded.model.getWeights().map((w) => w.data()));
    expect(weights.every((w) => w.every(Number.isFinite))).toBe(true);
    reloaded.dispose();

    experiment.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
