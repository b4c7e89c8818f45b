import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../data/rng';
import type { Batch } from '../data/types';
import type { Objective, StepResult, Tallies } from './objective';
import { objectiveFor } from './objectives';
import { cosineLr, oneCycleLr } from './oneCycle';
import { createOptimizer, setLearningRate } from './optimizers';

export interface LitModelOptions {
  optimizer: string;
  lr: number;
  /** One-cycle schedule, only when a max rate is given (as in the lab). */
  oneCycleMaxLr?: number;
  oneCycleTotalSteps: number;
  /** Cosine annealing of `lr` over this many steps (not with one-cycle). */
  cosineTotalSteps?: number;
  /** Cross-entropy's label smoothing (0: none). */
  labelSmoothing?: number;
  /** The lab's `--loss` (lossNames.ts); cross-entropy when absent. */
  loss?: string;
  /** Examples per forward/backward pass; a step accumulates gradients over its batch. */
  microBatchSize?: number;
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
    if (options.oneCycleMaxLr && options.cosineTotalSteps) {
      throw new Error(
        'Choose one learning-rate schedule: --one_cycle_max_lr or --cosine_total_steps, not both.',
      );
    }
    this.objective = objectiveFor(options.loss ?? 'cross_entropy', options.labelSmoothing);
    this.optimizer = createOptimizer(options.optimizer, this.learningRateAt(0));
    this.dropoutLayers = model.layers.filter((l) => l.getClassName() === 'Dropout') as {
      seed?: number;
    }[];
  }

  learningRateAt(step: number): number {
    const { oneCycleMaxLr, oneCycleTotalSteps, cosineTotalSteps, lr } = this.options;
    if (oneCycleMaxLr) return oneCycleLr(step, oneCycleMaxLr, oneCycleTotalSteps);
    return cosineTotalSteps ? cosineLr(step, lr, cosineTotalSteps) : lr;
  }

  /**
   * One optimizer step. Returns the batch loss and tallies on the device; see disposeStep. With
   * a `microBatchSize` below the batch's size, the gradients are accumulated over micro-batches
   * and applied once: the whole batch's step in less memory (up to rounding, and with dropout
   * masks drawn per micro-batch).
   */
  trainingStep(batch: Batch, step: number, seed: number): StepResult {
    setLearningRate(this.optimizer, this.learningRateAt(step));
    const micro = this.options.microBatchSize ?? batch.size;
    if (micro >= batch.size) {
      this.seedDropout(seed, step);
      let tallies: Tallies = {};
      const loss = this.optimizer.minimize(
        () => {
          const { loss, tallies: kept } = this.lossAndTallies(batch.x, batch.y);
          tallies = kept;
          return loss;
        },
        true,
        this.trainableVariables(),
      ) as tf.Scalar;
      return { loss, tallies };
    }
    return this.accumulatedStep(batch, micro, step, seed);
  }

  private accumulatedStep(batch: Batch, micro: number, step: number, seed: number): StepResult {
    const sums: { loss?: tf.Scalar; tallies: Tallies; grads: tf.NamedTensorMap } = {
      tallies: {},
      grads: {},
    };
    const add = <T extends tf.Tensor>(sum: T | undefined, term: T): T => {
      if (sum === undefined) return term;
      const total = tf.add(sum, term) as T;
      tf.dispose([sum, term]);
      return total;
    };
    for (let start = 0, part = 0; start < batch.size; start += micro, part++) {
      const size = Math.min(micro, batch.size - start);
      this.seedDropout(seed, step, part);
      const x = batch.x.slice(start, size);
      const y = batch.y.slice(start, size);
      let tallies: Tallies = {};
      try {
        const { value, grads } = this.optimizer.computeGradients(() => {
          const { loss, tallies: kept } = this.lossAndTallies(x, y);
          tallies = kept;
          // Each micro-batch's mean loss weighted by its share: the sum is the batch's mean.
          return tf.mul(loss, size / batch.size) as tf.Scalar;
        }, this.trainableVariables());
        sums.loss = add(sums.loss, value);
        for (const [name, grad] of Object.entries(grads)) {
          sums.grads[name] = add(sums.grads[name], grad);
        }
        for (const [name, tally] of Object.entries(tallies)) {
          sums.tallies[name] = add(sums.tallies[name], tally);
        }
      } finally {
        tf.dispose([x, y]);
      }
    }
    this.optimizer.applyGradients(sums.grads);
    tf.dispose(Object.values(sums.grads));
    return { loss: sums.loss as tf.Scalar, tallies: sums.tallies };
  }

  /** The batch's loss and training tallies; the tallies are kept out of the enclosing tidy. */
  private lossAndTallies(x: tf.Tensor, y: tf.Tensor): StepResult {
    const logits = this.model.apply(x, { training: true }) as tf.Tensor;
    // The loss first: it checks that outputs and labels fit, with a message saying so.
    const loss = this.objective.loss(logits, y);
    // minimize() and computeGradients() dispose what their function creates, except the loss.
    const tallies = this.objective.trainTallies(logits, y);
    for (const tally of Object.values(tallies)) tf.keep(tally);
    return { loss, tallies };
  }

  private trainableVariables(): tf.Variable[] {
    return this.model.trainableWeights.map((w) => w.read() as tf.Variable);
  }

  /**
   * tfjs dropout draws from Math.random unless a seed is set; a seed per step (and per
   * micro-batch) keeps runs, resumed runs included, reproducible.
   */
  private seedDropout(seed: number, step: number, ...part: number[]): void {
    this.dropoutLayers.forEach((layer, i) => {
      layer.seed = hashSeed(seed, step, i, ...part);
    });
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
