import { describe, expect, it } from 'vitest';
import type { EvalPhase } from '../engine/events';
import { run, runStarted, trainer } from '../testing/studioActions';
import type { StudioAction } from './state';

const started = runStarted();

const lastStep = trainer(
  {
    type: 'step',
    epoch: 0,
    step: 4,
    batch: 3,
    batchesInEpoch: 4,
    lr: 0.001,
    samplesPerSec: 250,
  },
  1000,
);

const evalAt = (phase: EvalPhase, batch: number, at: number, epoch = 0) =>
  trainer({ type: 'evalProgress', phase, epoch, batch, batches: 10 }, at);

const pause: StudioAction = { type: 'runControl', control: 'pause' };
const stop: StudioAction = { type: 'runControl', control: 'stop' };

describe('validation and test phases of a run', () => {
  it('keeps the phase with its batch and an ETA from its own pace', () => {
    const state = run([
      started,
      lastStep,
      evalAt('validate', 0, 2000),
      evalAt('validate', 4, 4000),
    ]);
    // 4 batches in 2 s: 6 left take 3 s.
    expect(state.run.evaluation).toEqual({
      phase: 'validate',
      epoch: 0,
      batch: 4,
      batches: 10,
      startedAt: 2000,
      etaSeconds: 3,
    });
    // Training's own progress is kept for the bar.
    expect(state.run.progress?.fraction).toBe(0.5);
  });

  it('has no ETA before the first batch, nor for a loop whose start it missed', () => {
    expect(run([started, evalAt('test', 0, 100)]).run.evaluation?.etaSeconds).toBeUndefined();
    const missed = run([started, evalAt('validate', 3, 100), evalAt('test', 2, 200)]);
    expect(missed.run.evaluation).toMatchObject({ phase: 'test', startedAt: 200 });
    expect(missed.run.evaluation?.etaSeconds).toBeUndefined();
  });

  it('ends the phase with its results, the next step, or the end of the run', () => {
    const validating = run([started, evalAt('validate', 0, 10)]);
    const metrics = { 'validation/loss': 0.5 };
    const validated = run(
      [trainer({ type: 'validation', epoch: 0, step: 4, metrics })],
      validating,
    );
    expect(validated.run.evaluation).toBeUndefined();
    expect(run([lastStep], validating).run.evaluation).toBeUndefined();
    const testing = run([evalAt('test', 0, 10)], validated);
    expect(testing.run.evaluation?.phase).toBe('test');
    expect(
      run([trainer({ type: 'test', metrics: { 'test/acc': 0.9 } })], testing).run.evaluation,
    ).toBeUndefined();
    expect(
      run([trainer({ type: 'finished', reason: 'stopped', epoch: 0, step: 4 })], testing).run
        .evaluation,
    ).toBeUndefined();
  });

  it('leaves a pause out of the loop’s time left', () => {
    const state = run([
      started,
      evalAt('validate', 0, 0),
      evalAt('validate', 2, 1000),
      trainer({ type: 'paused', step: 4 }, 1000),
      trainer({ type: 'resumed', step: 4 }, 61_000),
      evalAt('validate', 4, 62_000),
    ]);
    // 4 batches in 2 s of work (the minute paused left out): 6 left take 3 s.
    expect(state.run.evaluation?.etaSeconds).toBe(3);
  });
});

describe('Pause and Stop until the worker acts', () => {
  it('Pause is pending until the paused event', () => {
    const pausing = run([started, lastStep, pause]);
    expect(pausing.run.requested).toBe('pause');
    expect(pausing.run.status).toBe('running');
    const paused = run([trainer({ type: 'paused', step: 4 }, 2000)], pausing);
    expect(paused.run.status).toBe('paused');
    expect(paused.run.requested).toBeUndefined();
  });

  it('Stop is pending until the run ends, through a pause and its resume', () => {
    const stopping = run([
      started,
      lastStep,
      trainer({ type: 'paused', step: 4 }, 2000),
      stop,
      trainer({ type: 'resumed', step: 4 }, 2100),
    ]);
    expect(stopping.run.requested).toBe('stop');
    // Pause asked after Stop does not replace it.
    expect(run([pause], stopping).run.requested).toBe('stop');
    const ended = run(
      [trainer({ type: 'finished', reason: 'stopped', epoch: 0, step: 4 }, 2200)],
      stopping,
    );
    expect(ended.run.requested).toBeUndefined();
  });

  it('ignores a control with no run to act on, and a failed run drops it', () => {
    expect(run([pause]).run.requested).toBeUndefined();
    expect(run([stop]).run.requested).toBeUndefined();
    const pausedRun = run([started, trainer({ type: 'paused', step: 0 })]);
    expect(run([pause], pausedRun).run.requested).toBeUndefined();
    const crashed = run([
      started,
      stop,
      { type: 'worker', message: { type: 'crashed', reason: 'gone' }, at: 5 },
    ]);
    expect(crashed.run.status).toBe('error');
    expect(crashed.run.requested).toBeUndefined();
  });
});
