import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../engine/events';
import { defaultDatasets } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';
import { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import { openInklabDb } from './inklabDb';
import type { WorkerMessage } from './protocol';
import { TrainingSession } from './trainingSession';

const form = {
  data_class: 'MNIST',
  model_class: 'CNN',
  conv_dim: '4',
  fc_dim: '16',
  batch_size: '32',
  limit_train_batches: '3',
  limit_val_batches: '1',
  limit_test_batches: '1',
  max_epochs: '3',
};

/**
 * Runs `form` and reports a lost device when the first checkpoint is saved (or, without
 * `afterCheckpoint`, at the first step): resolves with everything the session posted.
 */
async function runLosingDevice(afterCheckpoint: boolean, switchFails = false, stop = false) {
  const db = await openInklabDb(`inklab-device-loss-${afterCheckpoint}-${switchFails}-${stop}`);
  const posted: WorkerMessage[] = [];
  let switches = 0;
  let lost = false;
  // Per attempt: whether its backend was to be measured (the form leaves backend on auto).
  const measured: boolean[] = [];
  const session: TrainingSession = new TrainingSession({
    source: defaultDatasets(),
    store: new IndexedDbCheckpointStore(db),
    hardware: (_config, { measure }) => {
      measured.push(measure);
      return useWasmBackend();
    },
    post: (message) => {
      posted.push(message);
      if (message.type !== 'trainer') return;
      const { event } = message;
      const trigger = afterCheckpoint ? event.type === 'checkpointSaved' : event.type === 'step';
      if (trigger && !lost) {
        lost = true;
        session.deviceLost({
          detail: 'destroyed: test',
          switchBackend: async () => {
            switches++;
            if (switchFails) throw new Error('nothing starts.');
            return { ...(await useWasmBackend()), fallbacks: [] };
          },
        });
        if (stop) session.stop();
      }
    },
    onFinished: async () => {},
  });
  session.start(form);
  // Running until the run and whatever continues it have ended.
  while (session.running) await new Promise((resolve) => setTimeout(resolve, 10));
  db.close();
  const events = posted.flatMap((m) => (m.type === 'trainer' ? [m.event] : []));
  const notices = posted.flatMap((m) => (m.type === 'error' ? [m.message] : []));
  return { events, notices, switches, measured };
}

const ofType = <T extends TrainerEvent['type']>(events: TrainerEvent[], type: T) =>
  events.filter((e): e is Extract<TrainerEvent, { type: T }> => e.type === type);

describe('a device lost during a run', () => {
  beforeAll(useWasmBackend);

  it('stops the run, switches backend and continues from the last checkpoint', async () => {
    const { events, notices, switches, measured } = await runLosingDevice(true);
    expect(switches).toBe(1);
    expect(measured, 'an auto run measures once, not again on the backend it switched to').toEqual([
      true,
      false,
    ]);
    const starts = ofType(events, 'runStarted');
    expect(starts.map((s) => [s.runName, s.startEpoch, s.history.map((h) => h.epoch)])).toEqual([
      [starts[0].runName, 0, []],
      [starts[0].runName, 1, [0]],
    ]);
    expect(notices).toEqual([
      'The GPU device was lost (destroyed: test). Continuing on wasm from the last checkpoint (saved after epoch 0 of 0–2).',
    ]);
    expect(ofType(events, 'error')).toEqual([]);
    expect(ofType(events, 'finished')).toMatchObject([{ reason: 'completed', epoch: 2, step: 9 }]);
  });

  it('starts the run again under its name when no checkpoint was saved yet', async () => {
    const { events, notices, measured } = await runLosingDevice(false);
    expect(measured).toEqual([true, false]);
    const starts = ofType(events, 'runStarted');
    expect(starts.map((s) => [s.runName, s.startEpoch])).toEqual([
      [starts[0].runName, 0],
      [starts[0].runName, 0],
    ]);
    expect(notices[0]).toContain('No checkpoint was saved yet: starting the run again on wasm');
    expect(ofType(events, 'finished')).toMatchObject([{ reason: 'completed', epoch: 2 }]);
  });

  it('ends the run as stopped when Stop was pressed meanwhile', async () => {
    const { events, switches } = await runLosingDevice(true, false, true);
    expect(switches).toBe(0);
    expect(ofType(events, 'runStarted')).toHaveLength(1);
    expect(ofType(events, 'finished')).toMatchObject([{ reason: 'stopped', epoch: 1 }]);
  });

  it('fails the run saying so when no other backend starts', async () => {
    const { events } = await runLosingDevice(true, true);
    expect(ofType(events, 'finished')).toEqual([]);
    expect(ofType(events, 'error')).toEqual([
      {
        type: 'error',
        message: expect.stringContaining(
          'The GPU device was lost (destroyed: test) and no other backend could start: nothing starts.',
        ),
      },
    ]);
  });
});
