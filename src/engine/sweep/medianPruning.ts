import type { Metrics } from '../events';
import type { Callback } from '../lit/callback';
import type { Trainer } from '../lit/trainer';
import type { MedianPruner } from './medianPruner';

/**
 * A sweep trial's pruning callback: after each validation it reports the monitored value to the
 * sweep's MedianPruner, and stops the trial (finish reason 'pruned') when told to.
 */
export class MedianPruning implements Callback {
  readonly name = 'MedianPruning';
  pruned = false;

  constructor(private readonly pruner: MedianPruner) {}

  onValidationEnd(trainer: Trainer, epoch: number, metrics: Metrics): void {
    const value = metrics[this.pruner.monitor];
    if (value === undefined || this.pruned) return;
    if (!this.pruner.report(epoch, value)) return;
    this.pruned = true;
    trainer.shouldStop = true;
    trainer.stopReason = 'pruned';
    const median = this.pruner.medianAt(epoch) as number;
    const earlier = this.pruner.trialsAt(epoch);
    trainer.emit({
      type: 'log',
      level: 'info',
      message: `MedianPruning: ${this.pruner.monitor} ${value.toFixed(4)} at epoch ${epoch} is worse than the median ${median.toFixed(4)} of ${earlier} earlier trial${earlier === 1 ? '' : 's'}; pruning this trial.`,
    });
  }
}
