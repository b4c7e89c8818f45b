import type { HistoryEntry } from './checkpoint/format';
import type { ModelSummary } from './models/summary';

/** Metric names follow the lab: `train/loss`, `validation/acc`, `test/acc`, ... */
export type Metrics = Record<string, number>;

/** The backend a run trains on, as its hardware line shows it. */
export interface HardwareInfo {
  backend: string;
  /** XNNPACK's thread count; wasm only. */
  threads?: number;
  description: string;
}

/**
 * How a fit ended: all epochs, a stop command, early stopping, a non-finite loss, or a sweep's
 * pruner (worse than the median of earlier trials).
 */
export type FinishReason = 'completed' | 'stopped' | 'earlyStopping' | 'diverged' | 'pruned';

/** The loops after training: validation each epoch, test on the best checkpoint at the end. */
export type EvalPhase = 'validate' | 'test';

/** The typed event stream of one run: the single contract the CLI, the worker and the tests share. */
export type TrainerEvent =
  | {
      type: 'runStarted';
      runName: string;
      hardware: HardwareInfo;
      summary?: ModelSummary;
      maxEpochs: number;
      batchesPerEpoch: number;
      startEpoch: number;
      startStep: number;
      /** Earlier epochs of a resumed run (empty for a new one), so charts continue them. */
      history: HistoryEntry[];
    }
  | {
      type: 'step';
      epoch: number;
      /** Global optimizer step, counted across epochs and resumes (1-based after the step). */
      step: number;
      batch: number;
      batchesInEpoch: number;
      /** Present on steps where the loss was read back from the device. */
      loss?: number;
      lr: number;
      samplesPerSec: number;
    }
  | { type: 'epochEnd'; epoch: number; step: number; metrics: Metrics }
  | {
      /**
       * How far a validation or test loop is: batch 0 when it starts, then at a bounded rate
       * and at its last batch (batch === batches), so a long evaluation is never silent.
       */
      type: 'evalProgress';
      phase: EvalPhase;
      epoch: number;
      /** Batches done (0 at the start). */
      batch: number;
      batches: number;
    }
  | { type: 'validation'; epoch: number; step: number; metrics: Metrics }
  | { type: 'test'; metrics: Metrics; checkpoint?: string }
  | { type: 'checkpointSaved'; id: string; epoch: number; step: number; metrics: Metrics }
  | { type: 'checkpointRemoved'; id: string }
  | { type: 'paused'; step: number }
  | { type: 'resumed'; step: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | {
      type: 'finished';
      reason: FinishReason;
      epoch: number;
      step: number;
      bestCheckpoint?: string;
      /** What went wrong and what to try, when the reason is 'diverged'. */
      message?: string;
    }
  | { type: 'error'; message: string };

export type EventSink = (event: TrainerEvent) => void;
