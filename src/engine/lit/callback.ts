import type { Metrics } from '../events';
import type { Trainer } from './trainer';

export interface BatchEndInfo {
  epoch: number;
  batch: number;
  batchesInEpoch: number;
  step: number;
  size: number;
  /** Present when the trainer read the loss back on this step. */
  loss?: number;
}

/** Lightning-style hooks; every one is optional. State a callback keeps goes in checkpoints. */
export interface Callback {
  readonly name: string;
  onFitStart?(trainer: Trainer): void | Promise<void>;
  onTrainEpochStart?(trainer: Trainer, epoch: number): void;
  onTrainBatchEnd?(trainer: Trainer, info: BatchEndInfo): void;
  onTrainEpochEnd?(trainer: Trainer, epoch: number, metrics: Metrics): void | Promise<void>;
  onValidationEnd?(trainer: Trainer, epoch: number, metrics: Metrics): void | Promise<void>;
  onFitEnd?(trainer: Trainer): void | Promise<void>;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
}
