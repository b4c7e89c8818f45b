import type { HistoryEntry } from '../engine/checkpoint/format';
import type { Metrics, TrainerEvent } from '../engine/events';
import { logLinesFor } from './runLog';
import { appendPoint, emptySeries } from './series';
import {
  type EvalProgress,
  initialRun,
  LOG_CAP,
  type LogLine,
  type RunControl,
  type RunProgress,
  type RunState,
  type ValidationPoint,
} from './state';

/** A fresh run as soon as Train is clicked, so the panel shows it is preparing. */
export function startRequested(
  run: RunState,
  config: Record<string, string>,
  resumeId?: string,
): RunState {
  const fresh = {
    ...initialRun,
    status: 'running' as const,
    config,
    lastCheckpoint: resumeId,
    nextLogId: run.nextLogId,
  };
  return withLog(fresh, [{ level: 'info', text: 'Preparing the data and the model…' }]);
}

/**
 * Pause or Stop was clicked: the worker acts between steps, so the panel says "Pausing…" or
 * "Stopping…" until its `paused` event or the end of the run. A stop asked for stays asked for.
 */
export function controlRequested(run: RunState, control: RunControl): RunState {
  const going =
    control === 'pause'
      ? run.status === 'running'
      : run.status === 'running' || run.status === 'paused';
  return going && run.requested !== 'stop' ? { ...run, requested: control } : run;
}

/** The run ends as failed with `reason` when it was still going (its worker died). */
export function failRun(run: RunState, reason: string): RunState {
  if (run.status !== 'running' && run.status !== 'paused') return run;
  const failed = { ...run, status: 'error' as const, error: reason };
  return withLog({ ...failed, evaluation: undefined, requested: undefined }, [
    { level: 'error', text: `Error: ${reason}` },
  ]);
}

/** Folds one Trainer event (stamped with its arrival time `at`, in ms) into the run. */
export function reduceRun(run: RunState, event: TrainerEvent, at: number): RunState {
  const lines = logLinesFor(event, run, at);
  return withLog(applyEvent(run, event, at), lines);
}

function applyEvent(run: RunState, event: TrainerEvent, at: number): RunState {
  switch (event.type) {
    case 'runStarted': {
      // A run started without startRequested (e.g. by a test harness) still starts clean.
      const base = run.started || run.status !== 'running' ? { ...initialRun, log: run.log } : run;
      return {
        ...base,
        status: 'running',
        started: true,
        runName: event.runName,
        hardware: event.hardware,
        summary: event.summary,
        maxEpochs: event.maxEpochs,
        batchesPerEpoch: event.batchesPerEpoch,
        startStep: event.startStep,
        ...seriesFromHistory(event.history),
        nextLogId: run.nextLogId,
        progress: {
          epoch: event.startEpoch,
          batch: 0,
          batches: event.batchesPerEpoch,
          step: event.startStep,
          samplesPerSec: 0,
          fraction: event.startEpoch / Math.max(1, event.maxEpochs),
        },
        timing: { startedAt: at, epochStartedAt: at, pausedMs: 0 },
      };
    }
    case 'step': {
      const timing = run.timing && {
        ...run.timing,
        epochStartedAt: event.batch === 0 ? at : run.timing.epochStartedAt,
      };
      return {
        ...run,
        timing,
        evaluation: undefined,
        progress: progressAt(run, event, at),
        trainLoss:
          event.loss === undefined
            ? run.trainLoss
            : appendPoint(run.trainLoss, event.step, event.loss),
        learningRate: appendPoint(run.learningRate, event.step, event.lr),
      };
    }
    case 'validation': {
      const point = validationPoint(event.epoch, event.metrics);
      return {
        ...run,
        evaluation: undefined,
        validation: [...run.validation.filter((p) => p.epoch !== event.epoch), point],
      };
    }
    case 'evalProgress':
      return { ...run, evaluation: evaluationAt(run, event, at) };
    case 'paused':
      return {
        ...run,
        status: 'paused',
        requested: run.requested === 'pause' ? undefined : run.requested,
        timing: run.timing && { ...run.timing, pausedAt: at },
      };
    case 'resumed': {
      const timing = run.timing;
      const pausedMs = timing?.pausedAt === undefined ? 0 : at - timing.pausedAt;
      return {
        ...run,
        status: 'running',
        // The loop's time left excludes the pause too.
        evaluation: run.evaluation && {
          ...run.evaluation,
          startedAt: run.evaluation.startedAt + pausedMs,
        },
        timing: timing && {
          ...timing,
          pausedAt: undefined,
          pausedMs: timing.pausedMs + pausedMs,
          // The epoch's elapsed time in the log excludes the pause, too.
          epochStartedAt: timing.epochStartedAt + pausedMs,
        },
      };
    }
    case 'checkpointSaved':
      return { ...run, lastCheckpoint: event.id };
    case 'checkpointRemoved':
      return run.lastCheckpoint === event.id ? { ...run, lastCheckpoint: undefined } : run;
    case 'test':
      return {
        ...run,
        evaluation: undefined,
        testMetrics: event.metrics,
        testedCheckpoint: event.checkpoint,
      };
    case 'finished': {
      const progress =
        run.progress && (event.reason === 'completed' || event.reason === 'earlyStopping')
          ? { ...run.progress, fraction: 1, etaSeconds: 0 }
          : run.progress;
      // A diverged run failed: the panel shows it as the run's error, not as finished.
      const status = event.reason === 'diverged' ? 'error' : 'finished';
      return {
        ...run,
        status,
        finishReason: event.reason,
        progress,
        evaluation: undefined,
        requested: undefined,
      };
    }
    case 'error':
      return {
        ...run,
        status: 'error',
        error: event.message,
        evaluation: undefined,
        requested: undefined,
      };
    default:
      return run;
  }
}

function validationPoint(epoch: number, metrics: Metrics): ValidationPoint {
  return {
    epoch,
    loss: metrics['validation/loss'],
    acc: metrics['validation/acc'],
    cer: metrics['validation/cer'],
  };
}

/** A resumed run's charts start with its earlier epochs: epoch train loss and validation. */
function seriesFromHistory(history: HistoryEntry[]): Pick<RunState, 'trainLoss' | 'validation'> {
  let trainLoss = emptySeries;
  const validation: ValidationPoint[] = [];
  for (const { epoch, step, metrics } of history) {
    const loss = metrics['train/loss'];
    if (Number.isFinite(loss)) trainLoss = appendPoint(trainLoss, step, loss);
    if (metrics['validation/loss'] !== undefined) {
      validation.push(validationPoint(epoch, metrics));
    }
  }
  return { trainLoss, validation };
}

function progressAt(
  run: RunState,
  event: Extract<TrainerEvent, { type: 'step' }>,
  at: number,
): RunProgress {
  const total = Math.max(1, run.maxEpochs * event.batchesInEpoch);
  const done = event.epoch * event.batchesInEpoch + event.batch + 1;
  const steps = event.step - run.startStep;
  let etaSeconds: number | undefined;
  if (run.timing && steps > 0) {
    const activeMs = at - run.timing.startedAt - run.timing.pausedMs;
    etaSeconds = ((activeMs / steps) * Math.max(0, total - done)) / 1000;
  }
  return {
    epoch: event.epoch,
    batch: event.batch + 1,
    batches: event.batchesInEpoch,
    step: event.step,
    samplesPerSec: event.samplesPerSec,
    etaSeconds,
    fraction: Math.min(1, done / total),
  };
}

/** A validation or test loop's progress; its ETA from the loop's own pace so far. */
function evaluationAt(
  run: RunState,
  event: Extract<TrainerEvent, { type: 'evalProgress' }>,
  at: number,
): EvalProgress {
  const previous = run.evaluation;
  const sameLoop =
    event.batch > 0 && previous?.phase === event.phase && previous.epoch === event.epoch;
  const startedAt = sameLoop ? previous.startedAt : at;
  const etaSeconds = sameLoop
    ? (((at - startedAt) / event.batch) * Math.max(0, event.batches - event.batch)) / 1000
    : undefined;
  const { phase, epoch, batch, batches } = event;
  return { phase, epoch, batch, batches, startedAt, etaSeconds };
}

function withLog(run: RunState, lines: Omit<LogLine, 'id'>[]): RunState {
  if (lines.length === 0) return run;
  const added = lines.map((line, i) => ({ ...line, id: run.nextLogId + i }));
  return {
    ...run,
    log: [...run.log, ...added].slice(-LOG_CAP),
    nextLogId: run.nextLogId + lines.length,
  };
}
