import { describe, expect, it } from 'vitest';
import { run, runStarted, trainer } from '../testing/studioActions';
import type { CheckpointRecord, WorkerMessage } from '../workers/protocol';
import { plotted } from './series';
import type { StudioAction } from './state';

function step(epoch: number, batch: number, at: number, loss?: number): StudioAction {
  return trainer(
    {
      type: 'step',
      epoch,
      step: epoch * 4 + batch + 1,
      batch,
      batchesInEpoch: 4,
      loss,
      lr: 0.001,
      samplesPerSec: 250,
    },
    at,
  );
}

const record = (id: string, createdAt: string): CheckpointRecord => ({
  id,
  runName: 'CNN-MNIST-1',
  epoch: 0,
  step: 4,
  metrics: { 'validation/loss': 0.5 },
  bytes: 1000,
  createdAt,
  maxEpochs: 1,
  modelClass: 'CNN',
  dataClass: 'MNIST',
});

describe('studio reducer', () => {
  it('follows a whole run: start, steps, validation, checkpoint, test, finish', () => {
    const s = run([
      { type: 'startRequested', config: {} },
      runStarted(),
      step(0, 0, 1000, 2.3),
      step(0, 1, 2000),
      step(0, 2, 3000, 2.1),
      step(0, 3, 4000, 2.0),
      trainer({ type: 'epochEnd', epoch: 0, step: 4, metrics: { 'train/loss': 2.1 } }),
      trainer({
        type: 'validation',
        epoch: 0,
        step: 4,
        metrics: { 'validation/loss': 1.5, 'validation/acc': 0.6 },
      }),
      trainer({
        type: 'checkpointSaved',
        id: 'r/e0',
        epoch: 0,
        step: 4,
        metrics: { 'validation/loss': 1.5 },
      }),
      step(1, 0, 5000, 1.4),
    ]);
    expect(s.run.status).toBe('running');
    expect(s.run.runName).toBe('CNN-MNIST-1');
    expect(s.run.progress).toMatchObject({ epoch: 1, batch: 1, batches: 4, step: 5 });
    expect(s.run.progress?.fraction).toBeCloseTo(5 / 8);
    // 5 steps in 5 s, 3 steps left.
    expect(s.run.progress?.etaSeconds).toBeCloseTo(3);
    expect(plotted(s.run.trainLoss).map((p) => p.x)).toEqual([1, 3, 4, 5]);
    expect(plotted(s.run.learningRate)).toHaveLength(5);
    expect(s.run.validation).toEqual([{ epoch: 0, loss: 1.5, acc: 0.6 }]);
    const texts = s.run.log.map((l) => l.text);
    expect(texts[0]).toBe('Preparing the data and the model…');
    expect(texts).toContain('Run CNN-MNIST-1');
    expect(texts).toContain('Epoch 0: 100%|4/4 [00:03, 250.0 samples/s, loss=2.000]');
    expect(texts).toContain('Validation (epoch 0): validation/loss 1.5000 · validation/acc 0.6000');
    expect(texts.some((t) => t.includes("'validation/loss' reached 1.50000, saving r/e0"))).toBe(
      true,
    );

    const done = run(
      [
        trainer({
          type: 'test',
          metrics: { 'test/loss': 0.7, 'test/acc': 0.8123 },
          checkpoint: 'r/e0',
        }),
        trainer({
          type: 'finished',
          reason: 'completed',
          epoch: 1,
          step: 8,
          bestCheckpoint: 'r/e0',
        }),
      ],
      s,
    );
    expect(done.run.status).toBe('finished');
    expect(done.run.testMetrics).toEqual({ 'test/loss': 0.7, 'test/acc': 0.8123 });
    expect(done.run.progress?.fraction).toBe(1);
    expect(done.run.log.at(-1)?.text).toBe('`Trainer.fit` stopped: `max_epochs=2` reached.');
  });

  it("keeps a CTC run's validation CER for its chart", () => {
    const s = run([
      { type: 'startRequested', config: {} },
      runStarted(),
      trainer({
        type: 'validation',
        epoch: 0,
        step: 4,
        metrics: { 'validation/loss': 30.5, 'validation/cer': 0.75, 'validation/wer': 1 },
      }),
    ]);
    expect(s.run.validation).toEqual([{ epoch: 0, loss: 30.5, cer: 0.75 }]);
    // A resumed run's earlier epochs keep their CER too.
    const resumed = run([
      { type: 'startRequested', config: {} },
      runStarted({
        startEpoch: 1,
        history: [
          {
            epoch: 0,
            step: 4,
            metrics: { 'train/loss': 40, 'validation/loss': 30.5, 'validation/cer': 0.75 },
          },
        ],
      }),
    ]);
    expect(resumed.run.validation).toEqual([{ epoch: 0, loss: 30.5, cer: 0.75 }]);
  });

  it('excludes paused time from the ETA and tracks the status', () => {
    const s = run([
      runStarted(),
      step(0, 0, 1000, 2.3),
      trainer({ type: 'paused', step: 1 }, 1500),
    ]);
    expect(s.run.status).toBe('paused');
    const resumed = run([trainer({ type: 'resumed', step: 1 }, 11_500), step(0, 1, 12_000)], s);
    expect(resumed.run.status).toBe('running');
    // 2 steps in 2 s of active time, 6 left.
    expect(resumed.run.progress?.etaSeconds).toBeCloseTo(6);
  });

  it('shows a resumed run part-way and a stop keeps the progress where it was', () => {
    const s = run([
      runStarted({ startEpoch: 1, startStep: 4 }),
      step(1, 0, 1000, 1.0),
      trainer({ type: 'finished', reason: 'stopped', epoch: 1, step: 5 }),
    ]);
    expect(s.run.progress?.fraction).toBeCloseTo(5 / 8);
    expect(s.run.status).toBe('finished');
    expect(s.run.finishReason).toBe('stopped');
    expect(s.run.log.some((l) => l.text === 'Resuming at epoch 1, step 4')).toBe(true);
  });

  it('starts a new run clean', () => {
    const first = run([runStarted(), step(0, 0, 1000, 2.3)]);
    const second = run(
      [{ type: 'startRequested', config: {} }, runStarted({ runName: 'two' })],
      first,
    );
    expect(second.run.runName).toBe('two');
    expect(plotted(second.run.trainLoss)).toEqual([]);
    expect(second.run.progress?.fraction).toBe(0);
    expect(new Set(second.run.log.map((l) => l.id)).size).toBe(second.run.log.length);
  });

  it('caps the chart points on long runs', () => {
    const actions: StudioAction[] = [runStarted({ maxEpochs: 1, batchesPerEpoch: 5000 })];
    for (let i = 0; i < 5000; i++) {
      actions.push(
        trainer({
          type: 'step',
          epoch: 0,
          step: i + 1,
          batch: i,
          batchesInEpoch: 5000,
          loss: 1,
          lr: 1e-3,
          samplesPerSec: 1,
        }),
      );
    }
    const s = run(actions);
    const points = plotted(s.run.trainLoss);
    expect(points.length).toBeLessThanOrEqual(501);
    expect(points.length).toBeGreaterThan(200);
    expect(points.at(-1)?.x).toBe(5000);
    expect(points.every((p) => p.y === 1)).toBe(true);
  });

  it('turns a training error into an alert and the error status', () => {
    const s = run([runStarted(), trainer({ type: 'error', message: 'device lost' })]);
    expect(s.run.status).toBe('error');
    expect(s.messages).toEqual([{ id: 0, kind: 'error', text: 'Training failed: device lost' }]);
    expect(run([{ type: 'dismiss', id: 0 }], s).messages).toEqual([]);
  });

  it('lists checkpoints newest first and forgets a deleted loaded model', () => {
    const list: WorkerMessage = {
      type: 'checkpoints',
      list: [record('a', '2025-01-01T00:00:00Z'), record('b', '2025-01-02T00:00:00Z')],
    };
    const loaded = run([
      { type: 'worker', message: list, at: 0 },
      {
        type: 'modelLoaded',
        model: { id: 'a', runName: 'CNN-MNIST-1', mapping: ['0', '1'], dataClass: 'MNIST' },
      },
      { type: 'prediction', prediction: { top: [{ label: '1', index: 1, probability: 0.9 }] } },
    ]);
    expect(loaded.checkpoints.map((c) => c.id)).toEqual(['b', 'a']);
    expect(loaded.loadedModel?.id).toBe('a');
    const after = run(
      [
        {
          type: 'worker',
          message: { type: 'checkpoints', list: [record('b', '2025-01-02')] },
          at: 0,
        },
      ],
      loaded,
    );
    expect(after.loadedModel).toBeUndefined();
    expect(after.prediction).toBeUndefined();
  });

  it('takes the model the worker loaded after a run for the Playground', () => {
    const model = {
      id: 'run/epoch=0001.ckpt',
      runName: 'run',
      mapping: ['0', '1'],
      dataClass: 'MNIST',
    };
    const state = run([
      { type: 'prediction', prediction: { top: [{ label: '1', index: 1, probability: 0.9 }] } },
      { type: 'worker', message: { type: 'modelLoaded', model }, at: 0 },
    ]);
    expect(state.loadedModel).toEqual(model);
    expect(state.prediction).toBeUndefined();
  });

  it('tracks long tasks until they finish', () => {
    const s = run([
      {
        type: 'worker',
        message: { type: 'progress', task: 'import', fraction: 0.5, message: 'Parsing' },
        at: 0,
      },
    ]);
    expect(s.tasks).toEqual({ import: { fraction: 0.5, message: 'Parsing' } });
    const done = run(
      [
        {
          type: 'worker',
          message: { type: 'progress', task: 'import', fraction: 1, message: 'Done' },
          at: 0,
        },
      ],
      s,
    );
    expect(done.tasks).toEqual({});
  });

  it('replaces an imported dataset and drops its stale samples', () => {
    const s = run([
      {
        type: 'datasets',
        list: [{ name: 'MNIST', splits: { train: 60000 }, mapping: [], origin: 'bundled' }],
      },
      { type: 'samples', dataset: 'EMNIST', samples: [] },
      {
        type: 'datasetImported',
        dataset: {
          name: 'EMNIST',
          splits: { train: 10, test: 5 },
          mapping: [],
          origin: 'imported',
        },
      },
    ]);
    expect(s.datasets?.map((d) => d.name)).toEqual(['MNIST', 'EMNIST']);
    expect(s.samples).toEqual({});
    expect(s.messages[0].text).toBe('Imported EMNIST: 10 train, 5 test.');
  });
});
