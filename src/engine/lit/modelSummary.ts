import { summarizeModel } from '../models/summary';
import type { Callback } from './callback';
import type { Trainer } from './trainer';

/** Attaches the model summary to the run's start, as Lightning's ModelSummary callback prints it. */
export class ModelSummary implements Callback {
  readonly name = 'ModelSummary';

  onFitStart(trainer: Trainer): void {
    if (trainer.module) trainer.modelSummary = summarizeModel(trainer.module.model);
  }
}
