import type { Metrics } from '../events';
import type { Callback } from './callback';
import type { Trainer } from './trainer';

/** Logs the learning rate of the last step as `lr-<Optimizer>` with each epoch's metrics. */
export class LearningRateMonitor implements Callback {
  readonly name = 'LearningRateMonitor';

  onTrainEpochEnd(trainer: Trainer, _epoch: number, metrics: Metrics): void {
    const module = trainer.module;
    if (!module) return;
    const name = module.options.optimizer.replace(/^./, (c) => c.toUpperCase());
    metrics[`lr-${name}`] = module.learningRateAt(Math.max(0, trainer.globalStep - 1));
  }
}
