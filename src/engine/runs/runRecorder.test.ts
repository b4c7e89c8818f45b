import { describe, expect, it } from 'vitest';
import { newRunConfig } from '../config';
import type { TrainerEvent } from '../events';
import { appendLoss, type LossBucket } from './lossBuckets';
import { parseRunRecord, type RunRecord } from './runRecord';
import { RunRecorder } from './runRecorder';

// The page's hardware carries more than a record keeps (its backend fallbacks).
const hardware = {
  backend: 'wasm',
  threads: 2,
  description: 'wasm (2 threads)',
  fallbacks: [{ backend: 'webgpu', reason: 'no adapter' }],
};

function started(startEpoch = 0, startStep = 0, maxEpochs = 100, batches = 320): TrainerEvent {
  return {
    type: 'runStarted',
    runName: 'CNN-EMNIST-20261202T000000000-abcd',
    hardware,
    maxEpochs,
    batchesPerEpoch: batches,
    startEpoch,
    startStep,
    history: [],
  };
}

/** The events of `epochs` epochs of the lab's CNN on EMNIST: a loss read back every step. */
function* epochEvents(from: number, to: number, batches: number): Generator<TrainerEvent> {
  for (let epoch = from; epoch < to; epoch++) {
    for (let batch = 0; batch < batches; batch++) {
      const step = epoch * batches + batch + 1;
      yield {
        type: 'step',
        epoch,
        step,
        batch,
        batchesInEpoch: batches,
        loss: 2 / Math.sqrt(step) + 0.1 * Math.sin(step),
        lr: 1e-3,
        samplesPerSec: 1234.5678,
      };
    }
    const step = (epoch + 1) * batches;
    const metrics = { 'validation/loss': 0.61234567, 'validation/acc': 0.81234567 };
    yield { type: 'epochEnd', epoch, step, metrics: { 'train/loss': 0.51234567 } };
    yield { type: 'validation', epoch, step, metrics };
    const id = `CNN-EMNIST-20261202T000000000-abcd/epoch=${epoch}-step=${step}`;
    yield { type: 'checkpointSaved', id, epoch, step, metrics };
    for (const level of ['info', 'warn', 'error', 'info', 'info'] as const) {
      yield { type: 'log', level, message: `Saved checkpoint ${id} (${level})` };
    }
  }
}

function record(recorder: RunRecorder): RunRecord {
  return recorder.current as RunRecord;
}

describe('RunRecorder', () => {
  it('keeps a 100-epoch run of 32,000 steps under 1 MB, and it reads back with the schema', () => {
    let clock = 1_000;
    const recorder = new RunRecorder({
      config: newRunConfig({ model_class: 'CNN', data_class: 'EMNIST' }),
      inklabVersion: '0.1.0',
      now: () => (clock += 7),
    });
    recorder.handle(started());
    for (const event of epochEvents(0, 100, 320)) recorder.handle(event);
    recorder.handle({ type: 'test', metrics: { 'test/acc': 0.8 } });
    recorder.handle({ type: 'finished', reason: 'completed', epoch: 99, step: 32_000 });
    const json = JSON.stringify(recorder.take());
    // Measured 220 kB: 2,000 loss buckets, 100 epochs, 100 checkpoints, 400 log lines.
    expect(json.length).toBeLessThan(1_000_000);
    expect(json.length).toBeGreaterThan(200_000);
    const back = parseRunRecord(JSON.parse(json), ({ text }) => {
      throw new Error(text);
    });
    expect(back.trainLoss.length).toBeLessThanOrEqual(2000);
    expect(back.trainLoss.at(-1)?.[0]).toBe(32_000);
    expect(back.epochs).toHaveLength(100);
    expect(back.epochs[99]).toMatchObject({
      epoch: 99,
      step: 32_000,
      metrics: { 'train/loss': 0.51234567, 'validation/acc': 0.81234567, lr: 1e-3 },
    });
    expect(back.test).toEqual({ 'test/acc': 0.8 });
    expect(back.status).toBe('completed');
    expect(back.checkpoints).toHaveLength(100);
    expect(back.log).toHaveLength(400);
    expect(back.config.model_class).toBe('CNN');
    expect(recorder.changed).toBe(false);
  });

  it('merges loss points into buckets that keep the mean, the min and the max of every step', () => {
    const buckets: LossBucket[] = [];
    const losses = Array.from({ length: 9 }, (_, i) => (i * 7) % 5);
    losses.forEach((loss, i) => {
      appendLoss(buckets, i + 1, i * 10, loss, 4);
    });
    expect(buckets.length).toBeLessThanOrEqual(4);
    const steps = buckets.reduce((n, b) => n + b[5], 0);
    expect(steps).toBe(9);
    const mean = buckets.reduce((sum, b) => sum + b[2] * b[5], 0) / steps;
    expect(mean).toBeCloseTo(losses.reduce((a, b) => a + b, 0) / 9, 10);
    expect(Math.min(...buckets.map((b) => b[3]))).toBe(0);
    expect(Math.max(...buckets.map((b) => b[4]))).toBe(4);
    expect(buckets.at(-1)?.[0]).toBe(9);
  });

  it('a resumed run goes on in its record, dropping what came after its checkpoint', () => {
    const config = newRunConfig({ model_class: 'CNN', data_class: 'EMNIST' });
    const first = new RunRecorder({ config, inklabVersion: '0.1.0' });
    first.handle(started(0, 0, 3, 4));
    for (const event of epochEvents(0, 2, 4)) first.handle(event);
    first.handle({ type: 'error', message: 'The page closed' });
    const previous = structuredClone(record(first));
    expect(previous.status).toBe('error');
    // Resumed from epoch 0's checkpoint (step 4): epoch 1 is trained again.
    const second = new RunRecorder({ config, inklabVersion: '0.1.0', previous });
    second.handle(started(1, 4, 3, 4));
    expect(record(second).epochs.map((e) => e.epoch)).toEqual([0]);
    expect(record(second).trainLoss.at(-1)?.[0]).toBe(4);
    expect(record(second).status).toBe('running');
    expect(record(second).startedAt).toBe(previous.startedAt);
    for (const event of epochEvents(1, 3, 4)) second.handle(event);
    second.handle({ type: 'finished', reason: 'completed', epoch: 2, step: 12 });
    expect(record(second).epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(record(second).trainLoss).toHaveLength(12);
    expect(record(second).status).toBe('completed');
  });
});
