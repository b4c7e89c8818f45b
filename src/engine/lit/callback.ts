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
  /**
   * The key of its state in checkpoints: the name plus what tells two instances apart (monitor,
   * mode), as Lightning's `state_key`. The name alone when absent.
   */
  readonly stateKey?: string;
  /** Callbacks that save checkpoints run after every other one at each hook (as in Lightning). */
  readonly savesCheckpoints?: boolean;
  onFitStart?(trainer: Trainer): void | Promise<void>;
  onTrainEpochStart?(trainer: Trainer, epoch: number): void;
  onTrainBatchEnd?(trainer: Trainer, info: BatchEndInfo): void;
  onTrainEpochEnd?(trainer: Trainer, epoch: number, metrics: Metrics): void | Promise<void>;
  onValidationEnd?(trainer: Trainer, epoch: number, metrics: Metrics): void | Promise<void>;
  onFitEnd?(trainer: Trainer): void | Promise<void>;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
}

/** Lightning's state key: `Name{"monitor":"validation/loss","mode":"min"}`. */
export function stateKeyOf(name: string, identity: Record<string, string | number>): string {
  return `${name}${JSON.stringify(identity)}`;
}

/** Checkpoint savers last, so each checkpoint holds every other callback's state of its epoch. */
export function orderCallbacks(callbacks: readonly Callback[]): Callback[] {
  return [
    ...callbacks.filter((cb) => !cb.savesCheckpoints),
    ...callbacks.filter((cb) => cb.savesCheckpoints),
  ];
}
