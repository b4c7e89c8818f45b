import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultDatasets } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';
import { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import { openInklabDb } from './inklabDb';
import type { SweepSettings, SweepState, WorkerMessage } from './protocol';
import { RunStore } from './runStore';
import { SweepSession } from './sweepSession';
import { TrainingSession } from './trainingSession';

const fixed = {
  data_class: 'MNIST',
  model_class: 'CNN',
  fc_dim: '16',
  max_epochs: '2',
  limit_train_batches: '5',
  limit_val_batches: '2',
  limit_test_batches: '2',
};

let dbCount = 0;

/** A sweep session over a fresh IndexedDB; a trial with conv_dim 8 fails as its backend starts. */
async function sweeper() {
  const db = await openInklabDb(`inklab-sweep-${dbCount++}`);
  const runs = new RunStore(db);
  const states: SweepState[] = [];
  const errors: string[] = [];
  let trainerEvents = 0;
  let ended: () => void = () => {};
  const post = (message: WorkerMessage) => {
    if (message.type === 'trainer') trainerEvents++;
    if (message.type === 'error') errors.push(message.message);
    if (message.type !== 'sweep') return;
    states.push(message.sweep);
    if (message.sweep.status !== 'running') ended();
  };
  const training = new TrainingSession({
    source: defaultDatasets(),
    store: new IndexedDbCheckpointStore(db),
    hardware: async (config) => {
      if (config.conv_dim === 8) throw new Error('this backend cannot start');
      return useWasmBackend();
    },
    post,
    onFinished: async () => {},
    runs,
  });
  const sweeps = new SweepSession(training, post);
  const run = (settings: Partial<SweepSettings>) => {
    const done = new Promise<void>((resolve) => {
      ended = resolve;
    });
    sweeps.start({
      fixed,
      swept: {},
      seed: 0,
      prune: false,
      monitor: 'validation/loss',
      mode: 'min',
      ...settings,
    });
    return done;
  };
  return { run, sweeps, states, errors, runs, trainerEvents: () => trainerEvents };
}

describe("the studio's sweeps", () => {
  beforeAll(useWasmBackend);

  it('run a grid one trial after another: a failing trial is recorded and the sweep goes on, a far too high lr is pruned', async () => {
    const s = await sweeper();
    await s.run({ swept: { lr: '1e-3,3', conv_dim: '4,8' }, prune: true });
    const last = s.states.at(-1) as SweepState;
    expect(last.status).toBe('finished');
    expect(last.trials).toEqual([
      { lr: 0.001, conv_dim: 4 },
      { lr: 0.001, conv_dim: 8 },
      { lr: 3, conv_dim: 4 },
      { lr: 3, conv_dim: 8 },
    ]);
    expect(last.results.map((r) => [r.status, r.epochs])).toEqual([
      ['completed', 2],
      ['error', 0],
      ['pruned', 1],
      ['error', 0],
    ]);
    expect(s.errors).toEqual([]);
    expect(last.best).toBe(0);
    expect(last.results[0].bestCheckpoint).toMatch(new RegExp(`^${last.name}-trial-0/epoch=`));
    expect(last.results[0].metrics['test/acc']).toBeGreaterThan(0);
    // The table moved while trial 0 trained: a row with one epoch validated, still running.
    expect(
      s.states.some((st) => st.results[0]?.status === 'running' && st.results[0].epochs === 1),
    ).toBe(true);
    // Each trial that started is a recorded run, under the sweep's name.
    const { runs } = await s.runs.list();
    expect(runs.map((r) => r.id).sort()).toEqual([`${last.name}-trial-0`, `${last.name}-trial-2`]);
    expect(runs.find((r) => r.id.endsWith('-2'))?.status).toBe('pruned');
  });

  it('refuse a bad value before any trial trains', async () => {
    const s = await sweeper();
    s.sweeps.start({
      fixed,
      swept: { lr: '1e-3,abc' },
      seed: 0,
      prune: false,
      monitor: 'validation/loss',
      mode: 'min',
    });
    expect(s.errors).toEqual(["The sweep cannot start: --lr expects a number, got 'abc'."]);
    expect(s.states).toEqual([]);
    expect(s.trainerEvents()).toBe(0);
  });

  it('stop after the current trial when told, as stopped', async () => {
    const s = await sweeper();
    const done = s.run({ swept: { lr: '1e-3,2e-3,3e-3' } });
    while (!s.states.some((st) => st.results[0]?.epochs === 1))
      await new Promise((r) => setTimeout(r, 5));
    s.sweeps.stop();
    await done;
    const last = s.states.at(-1) as SweepState;
    expect(last.status).toBe('stopped');
    expect(last.results.map((r) => r.status)).toEqual(['stopped']);
  });
});
