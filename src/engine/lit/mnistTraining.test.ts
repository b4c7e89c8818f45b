import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment, stepLosses } from '../../testing/experimentHarness';
import { useWasmBackend } from '../../testing/wasmBackend';
import { decodeCheckpoint } from '../checkpoint/format';
import { captureCheckpoint, restoreLitModel } from '../checkpoint/moduleState';
import type { LitModel } from './litModel';

const tinyCnn = {
  data_class: 'MNIST',
  model_class: 'CNN',
  conv_dim: '4',
  fc_dim: '16',
  batch_size: '32',
  limit_train_batches: '6',
  limit_val_batches: '2',
  limit_test_batches: '2',
};

describe('training on MNIST (real data, wasm)', () => {
  beforeAll(useWasmBackend);

  it('MLP, one epoch: test accuracy at least 0.95', async () => {
    const { experiment, events } = createTestExperiment({
      data_class: 'MNIST',
      model_class: 'MLP',
    });
    const result = await experiment.run();
    experiment.dispose();
    expect(result.parameters).toBe(936_330);
    expect(result.metrics['test/acc']).toBeGreaterThanOrEqual(0.95);
    expect(events.filter((e) => e.type === 'step').length).toBeGreaterThan(100);
    expect(events.at(-1)).toMatchObject({ type: 'finished', reason: 'completed' });
  });

  it('keeps tensor count and memory flat over 5 epochs and frees everything at the end', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const bytes: number[] = [];
    const { experiment } = createTestExperiment(
      { ...tinyCnn, max_epochs: '5' },
      {
        onEvent: (e) => {
          if (e.type !== 'epochEnd') return;
          counts.push(tf.memory().numTensors);
          bytes.push(tf.memory().numBytes);
        },
      },
    );
    await experiment.run();
    expect(counts).toHaveLength(5);
    // Epoch 0 creates the optimizer's moments; after that nothing may accumulate.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(new Set(bytes.slice(1)).size).toBe(1);
    experiment.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a checkpoint round trip gives identical predictions', async () => {
    const { experiment, store } = createTestExperiment({ ...tinyCnn, max_epochs: '1' });
    const result = await experiment.run();
    const best = result.bestCheckpoint as string;
    // With one epoch, the only (best) checkpoint holds the state the run ended with.
    const original = experiment.module as LitModel;
    const reloaded = await restoreLitModel(
      decodeCheckpoint(await store.load(best)),
      original.options,
    );
    const x = tf.randomUniform([5, 28, 28, 1], 0, 1, 'float32', 3);
    const [a, b] = [original.predict(x), reloaded.predict(x)];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    const captured = await captureCheckpoint(reloaded, {
      runName: 'r',
      createdAt: '',
      config: {},
      mapping: [],
      epoch: 0,
      step: 0,
      metrics: {},
      callbacks: {},
    });
    const stored = decodeCheckpoint(await store.load(best));
    expect(captured.weights.map((w) => Array.from(w.data))).toEqual(
      stored.weights.map((w) => Array.from(w.data)),
    );
    tf.dispose([x, a, b]);
    reloaded.dispose();
    experiment.dispose();
  });

  it('resuming from a checkpoint gives the same losses as an uninterrupted run', async () => {
    const flags = { ...tinyCnn, max_epochs: '3' };
    const full = createTestExperiment(flags);
    await full.experiment.run();
    full.experiment.dispose();

    const first = createTestExperiment({ ...flags, max_epochs: '1' });
    const firstResult = await first.experiment.run();
    first.experiment.dispose();
    const checkpoint = decodeCheckpoint(
      await first.store.load(firstResult.bestCheckpoint as string),
    );
    expect(checkpoint.meta).toMatchObject({ epoch: 0, step: 6 });

    const resumed = createTestExperiment(flags, { resume: checkpoint, store: first.store });
    await resumed.experiment.run();
    resumed.experiment.dispose();

    const expected = stepLosses(full.events);
    const actual = stepLosses(resumed.events);
    expect([...actual.keys()]).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    for (const [step, loss] of actual) expect(loss).toBe(expected.get(step));
    expect(resumed.events[0]).toMatchObject({ type: 'runStarted', startEpoch: 1, startStep: 6 });
  });

  it('pause and resume keep the step count continuous; stop ends cleanly and keeps checkpoints', async () => {
    const controller = new AbortController();
    let pausedOnce = false;
    const { experiment, events } = createTestExperiment(
      { ...tinyCnn, max_epochs: '5' },
      {
        signal: controller.signal,
        onEvent: (e, exp) => {
          if (e.type === 'step' && e.step === 3 && !pausedOnce) {
            pausedOnce = true;
            exp.trainer.pause();
            setTimeout(() => exp.trainer.resume(), 50);
          }
          if (e.type === 'checkpointSaved' && e.epoch === 1) controller.abort();
        },
      },
    );
    const result = await experiment.run();
    experiment.dispose();
    const steps = events.filter((e) => e.type === 'step').map((e) => (e as { step: number }).step);
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    expect(events.map((e) => e.type)).toContain('paused');
    expect(events.map((e) => e.type)).toContain('resumed');
    expect(result.finishReason).toBe('stopped');
    expect(steps.at(-1)).toBeLessThan(5 * 6);
    expect(events.filter((e) => e.type === 'checkpointSaved')).toHaveLength(2);
    expect(result.bestCheckpoint).toBeDefined();
  });
});
