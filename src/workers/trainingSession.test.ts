import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TrainerEvent } from '../engine/events';
import { defaultDatasets } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';
import { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import { openInklabDb } from './inklabDb';
import type { WorkerMessage } from './protocol';
import { RunStore } from './runStore';
import { ANOTHER_TAB_TRAINS, type Exclusive } from './trainingLock';
import { TrainingSession } from './trainingSession';

// The page's form sends strings; these differ from the defaults so a resume must carry them.
const form = {
  data_class: 'MNIST',
  model_class: 'CNN',
  conv_dim: '4',
  fc_dim: '16',
  batch_size: '48',
  lr: '0.002',
  seed: '5',
  limit_train_batches: '5',
  limit_val_batches: '2',
  limit_test_batches: '2',
};

let dbCount = 0;

/** The worker's training session over a fresh IndexedDB, collecting what it posts to the page. */
async function session(exclusive?: Exclusive) {
  const db = await openInklabDb(`inklab-session-${dbCount++}`);
  const store = new IndexedDbCheckpointStore(db);
  const runs = new RunStore(db);
  const events: TrainerEvent[] = [];
  /** What each run asked of the backend: to measure it (auto), and for which model. */
  const backendAsks: { measure: boolean; convDim: unknown }[] = [];
  let finish: () => void = () => {};
  const training = new TrainingSession({
    source: defaultDatasets(),
    store,
    hardware: (config, { measure }) => {
      backendAsks.push({ measure, convDim: config.conv_dim });
      return useWasmBackend();
    },
    post: (message: WorkerMessage) => {
      if (message.type !== 'trainer') return;
      events.push(message.event);
      if (message.event.type === 'finished' || message.event.type === 'error') finish();
    },
    onFinished: async () => {},
    exclusive,
    runs,
  });
  /** Starts a run (or resumes a stored one) and resolves with its events once it has ended. */
  const run = async (config: Record<string, string>, resumeId?: string) => {
    events.length = 0;
    const ended = new Promise<void>((resolve) => {
      finish = resolve;
    });
    training.start(config, resumeId);
    await ended;
    // The session forgets the run just after its last event.
    while (training.running) await new Promise((resolve) => setTimeout(resolve, 10));
    return [...events];
  };
  return { run, store, runs, backendAsks, close: () => db.close() };
}

const testLoss = (events: TrainerEvent[]) => {
  const test = events.find((e) => e.type === 'test');
  if (test?.type !== 'test') throw new Error(`no test event in ${JSON.stringify(events)}`);
  return test.metrics['test/loss'];
};

describe("the studio's training session resumes a stored run exactly", () => {
  beforeAll(useWasmBackend);

  it('one epoch, then Resume with max_epochs 2 tests as the two-epoch run', async () => {
    const full = await session();
    const uninterrupted = await full.run({ ...form, max_epochs: '2' });
    full.close();

    const studio = await session();
    await studio.run({ ...form, max_epochs: '1' });
    const [stored] = (await studio.store.list()).list;
    expect(stored).toMatchObject({ epoch: 0, maxEpochs: 1 });
    // The page sends only what it asks for: the new max_epochs and the backend picked now.
    const resumed = await studio.run({ max_epochs: '2', backend: 'wasm' }, stored.id);
    studio.close();
    // The form left the first run on auto (measured, for its model); the resume names wasm.
    expect(studio.backendAsks).toEqual([
      { measure: true, convDim: 4 },
      { measure: false, convDim: 4 },
    ]);

    const started = resumed[0];
    expect(started).toMatchObject({ type: 'runStarted', startEpoch: 1, startStep: 5 });
    // The run panel's charts continue the earlier epoch.
    expect(started.type === 'runStarted' && started.history.map((h) => h.epoch)).toEqual([0]);
    const a = testLoss(uninterrupted);
    expect(Math.abs(testLoss(resumed) - a) / a).toBeLessThan(1e-5);
  });

  it('records the run, and its resume in the same record, with what re-runs it', async () => {
    const studio = await session();
    await studio.run({ ...form, max_epochs: '1' });
    const [stored] = (await studio.store.list()).list;
    const resumed = await studio.run({ max_epochs: '2', backend: 'wasm' }, stored.id);
    const test = resumed.find((e) => e.type === 'test');
    if (test?.type !== 'test') throw new Error('no test event');
    // Stored after the last event, so it may land just after the run's end.
    await vi.waitFor(async () => {
      const { runs, unreadable } = await studio.runs.list();
      expect(unreadable).toEqual([]);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        id: stored.runName,
        status: 'completed',
        maxEpochs: 2,
        test: test.metrics,
        config: { lr: 0.002, seed: 5, conv_dim: 4, max_epochs: 2, backend: 'wasm' },
        hardware: { backend: 'wasm' },
      });
      expect(runs[0].epochs.map((e) => e.epoch)).toEqual([0, 1]);
      expect(runs[0].trainLoss.map(([step]) => step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(Object.keys(runs[0].datasets)).toEqual(
        expect.arrayContaining(['mnist/train-images-idx3-ubyte.gz']),
      );
      expect(runs[0].checkpoints.length).toBeGreaterThan(0);
    });
    studio.close();
  });

  it('keeps the test metrics on the record of the checkpoint the run was tested on', async () => {
    const studio = await session();
    const events = await studio.run({ ...form, max_epochs: '1' });
    const test = events.find((e) => e.type === 'test');
    if (test?.type !== 'test' || !test.checkpoint) throw new Error('no test of a checkpoint');
    // Written after the test event, so it may land just after the run's end.
    await vi.waitFor(async () => {
      const record = (await studio.store.list()).list.find((r) => r.id === test.checkpoint);
      expect(record?.testMetrics).toEqual(test.metrics);
    });
    studio.close();
  });

  it('refuses a change of the run with a message naming the flag', async () => {
    const studio = await session();
    await studio.run({ ...form, max_epochs: '1', limit_train_batches: '1' });
    const [stored] = (await studio.store.list()).list;
    const events = await studio.run({ max_epochs: '2', conv_dim: '8' }, stored.id);
    studio.close();
    expect(events).toEqual([
      {
        type: 'error',
        message: expect.stringContaining(
          'which was trained with --conv_dim 4. Resuming continues that run exactly',
        ),
      },
    ]);
  });

  it('starts nothing while another tab holds the training lock, and says so', async () => {
    let asked = 0;
    const studio = await session(async () => {
      asked++;
      return false;
    });
    const events = await studio.run({ ...form, max_epochs: '1' });
    studio.close();
    expect(asked).toBe(1);
    expect(events).toEqual([{ type: 'error', message: ANOTHER_TAB_TRAINS }]);
  });
});
