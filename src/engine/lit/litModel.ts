import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../data/rng';
import type { Batch } from '../data/types';
import type { Objective, StepResult, Tallies } from './objective';
import { objectiveFor } from './objectives';
import { oneCycleLr } from './oneCycle';
import { createOptimizer, setLearningRate } from './optimizers';

export interface LitModelOptions {
  optimizer: string;
  lr: number;
  /** One-cycle schedule, only when a max rate is given (as in the lab). */
  oneCycleMaxLr?: number;
  oneCycleTotalSteps: number;
  /** The lab's `--loss` (lossNames.ts); cross-entropy when absent. */
  loss?: string;
}

/**
 * The lab's BaseLitModel: wraps a tfjs model with its objective (loss and metrics, by the
 * `loss` option), optimizer and learning-rate schedule, and runs training, validation and test
 * steps.
 */
export class LitModel {
  readonly optimizer: tf.Optimizer;
  readonly objective: Objective;
  private readonly dropoutLayers: { seed?: number }[];

  constructor(
    readonly model: tf.LayersModel,
    readonly options: LitModelOptions,
  ) {
    this.objective = objectiveFor(options.loss ?? 'cross_entropy');
    this.optimizer = createOptimizer(options.optimizer, this.learningRateAt(0));
    // tfjs dropout draws from Math.random unless a seed is set; a per-step seed keeps runs
    // (and resumed runs) reproducible.
    this.dropoutLayers = model.layers.filter((l) => l.getClassName() === 'Dropout') as {
      seed?: number;
    }[];
  }

  learningRateAt(step: number): number {
    const { oneCycleMaxLr, oneCycleTotalSteps, lr } = this.options;
    return oneCycleMaxLr ? oneCycleLr(step, oneCycleMaxLr, oneCycleTotalSteps) : lr;
  }

  /** One optimizer step. Returns the batch loss and tallies on the device; see disposeStep. */
  trainingStep(batch: Batch, step: number, seed: number): StepResult {
    setLearningRate(this.optimizer, this.learningRateAt(step));
    this.dropoutLayers.forEach((layer, i) => {
      layer.seed = hashSeed(seed, step, i);
    });
    let tallies: Tallies = {};
    const loss = this.optimizer.minimize(
      () => {
        const logits = this.model.apply(batch.x, { training: true }) as tf.Tensor;
        // The loss first: it checks that outputs and labels fit, with a message saying so.
        const loss = this.objective.loss(logits, batch.y);
        // minimize() disposes what its function creates, except the loss: keep the tallies.
        tallies = this.objective.trainTallies(logits, batch.y);
        for (const tally of Object.values(tallies)) tf.keep(tally);
        return loss;
      },
      true,
      this.model.trainableWeights.map((w) => w.read() as tf.Variable),
    ) as tf.Scalar;
    return { loss, tallies };
  }

  /** Loss and tallies in inference mode, for validation and test. */
  async evaluationStep(batch: Batch): Promise<StepResult> {
    const logits = tf.tidy(() => this.model.apply(batch.x, { training: false }) as tf.Tensor);
    try {
      const loss = this.objective.loss(logits, batch.y);
      return { loss, tallies: await this.objective.evalTallies(logits, batch.y) };
    } finally {
      logits.dispose();
    }
  }

  /** Class probabilities (per position for line models) for a batch of inputs in [0, 1]. */
  predict(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.softmax(this.model.apply(x, { training: false }) as tf.Tensor));
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}
