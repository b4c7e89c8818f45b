import type { ModelSummary } from './models/summary';

/** Metric names follow the lab: `train/loss`, `validation/acc`, `test/acc`, ... */
export type Metrics = Record<string, number>;

export interface HardwareInfo {
  backend: string;
  threads?: number;
  description: string;
}

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
  | { type: 'validation'; epoch: number; step: number; metrics: Metrics }
  | { type: 'test'; metrics: Metrics; checkpoint?: string }
  | { type: 'checkpointSaved'; id: string; epoch: number; step: number; metrics: Metrics }
  | { type: 'checkpointRemoved'; id: string }
  | { type: 'paused'; step: number }
  | { type: 'resumed'; step: number }
  | { type: 'log'; level: 'info' | 'warn'; message: string }
  | {
      type: 'finished';
      reason: 'completed' | 'stopped' | 'earlyStopping';
      epoch: number;
      step: number;
      bestCheckpoint?: string;
    }
  | { type: 'error'; message: string };

export type EventSink = (event: TrainerEvent) => void;
