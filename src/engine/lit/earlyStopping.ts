import type { Metrics } from '../events';
import { type Callback, stateKeyOf } from './callback';
import type { Trainer } from './trainer';

/** Stops fitting when the monitored metric has not improved for `patience` validations. */
export class EarlyStopping implements Callback {
  readonly name = 'EarlyStopping';
  private best?: number;
  private wait = 0;

  constructor(
    readonly patience: number,
    readonly monitor = 'validation/loss',
    readonly mode: 'min' | 'max' = 'min',
    readonly minDelta = 0,
  ) {}

  get stateKey(): string {
    return stateKeyOf(this.name, { monitor: this.monitor, mode: this.mode });
  }

  onValidationEnd(trainer: Trainer, epoch: number, metrics: Metrics): void {
    const value = metrics[this.monitor];
    if (value === undefined) return;
    const improved =
      this.best === undefined ||
      (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved) {
      this.best = value;
      this.wait = 0;
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      trainer.shouldStop = true;
      trainer.emit({
        type: 'log',
        level: 'info',
        message: `EarlyStopping: ${this.monitor} did not improve for ${this.patience} validations (best ${this.best?.toFixed(4)}); stopping after epoch ${epoch}.`,
      });
    }
  }

  stateDict(): unknown {
    return { best: this.best, wait: this.wait };
  }

  loadStateDict(state: unknown): void {
    const s = state as { best?: number; wait?: number } | undefined;
    this.best = s?.best;
    this.wait = s?.wait ?? 0;
  }
}
