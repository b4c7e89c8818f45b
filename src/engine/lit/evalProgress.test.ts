import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment } from '../../testing/experimentHarness';
import { useWasmBackend } from '../../testing/wasmBackend';
import type { TrainerEvent } from '../events';

type EvalProgress = Extract<TrainerEvent, { type: 'evalProgress' }>;

describe('progress through validation and test', () => {
  beforeAll(useWasmBackend);

  it('each loop reports its start, its last batch, and no more than one event a batch', async () => {
    const { experiment, events } = createTestExperiment({
      model_class: 'CNN',
      conv_dim: '2',
      fc_dim: '8',
      batch_size: '16',
      max_epochs: '2',
      limit_train_batches: '2',
      limit_val_batches: '3',
      limit_test_batches: '2',
    });
    await experiment.run();
    experiment.dispose();
    // Each loop's progress events, up to the event with its results.
    const loops: { phase: string; epoch: number; progress: EvalProgress[] }[] = [];
    let current: EvalProgress[] = [];
    for (const e of events) {
      if (e.type === 'evalProgress') current.push(e);
      if (e.type === 'validation' || e.type === 'test') {
        // The test runs after the last epoch (1), and says so.
        loops.push({ phase: e.type, epoch: 'epoch' in e ? e.epoch : 1, progress: current });
        current = [];
      }
    }
    expect(loops.map((l) => [l.phase, l.epoch])).toEqual([
      ['validation', 0],
      ['validation', 1],
      ['test', 1],
    ]);
    for (const { phase, epoch, progress } of loops) {
      const batches = phase === 'test' ? 2 : 3;
      expect(progress[0]).toMatchObject({ batch: 0, batches });
      expect(progress.at(-1)).toMatchObject({ batch: batches, batches });
      expect(progress.length).toBeLessThanOrEqual(batches + 1);
      expect(new Set(progress.map((p) => p.phase))).toEqual(
        new Set([phase === 'test' ? 'test' : 'validate']),
      );
      expect(progress.map((p) => p.epoch)).toEqual(progress.map(() => epoch));
      const counts = progress.map((p) => p.batch);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
  });
});
