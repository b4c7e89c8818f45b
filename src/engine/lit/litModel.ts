import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../data/rng';
import type { Batch } from '../data/types';
import { oneCycleLr } from './oneCycle';
import { createOptimizer, setLearningRate } from './optimizers';

export interface LitModelOptions {
  optimizer: string;
  lr: number;
  /** One-cycle schedule, only when a max rate is given (as in the lab). */
  oneCycleMaxLr?: number;
  oneCycleTotalSteps: number;
}

/** Sums kept on the device during an epoch, read back once at its end. */
export interface StepSums {
  loss: tf.Scalar;
  correct: tf.Scalar;
  count: number;
}

/**
 * The lab's BaseLitModel: wraps a tfjs model with its loss (cross-entropy on logits), accuracy,
 * optimizer and learning-rate schedule, and runs training, validation and test steps.
 */
export class LitModel {
  readonly optimizer: tf.Optimizer;
  private readonly dropoutLayers: { seed?: number }[];

  constructor(
    readonly model: tf.LayersModel,
    readonly options: LitModelOptions,
  ) {
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

  /**
   * One optimizer step. Returns the batch loss and the count of correct predictions as
   * scalars on the device; the caller disposes them.
   */
  trainingStep(batch: Batch, step: number, seed: number): { loss: tf.Scalar; correct: tf.Scalar } {
    setLearningRate(this.optimizer, this.learningRateAt(step));
    this.dropoutLayers.forEach((layer, i) => {
      layer.seed = hashSeed(seed, step, i);
    });
    let correct: tf.Scalar | undefined;
    const loss = this.optimizer.minimize(
      () => {
        const logits = this.model.apply(batch.x, { training: true }) as tf.Tensor;
        correct = tf.keep(countCorrect(logits, batch.y));
        return crossEntropy(logits, batch.y);
      },
      true,
      this.model.trainableWeights.map((w) => w.read() as tf.Variable),
    ) as tf.Scalar;
    return { loss, correct: correct as tf.Scalar };
  }

  /** Loss and correct count in inference mode, for validation and test. */
  evaluationStep(batch: Batch): { loss: tf.Scalar; correct: tf.Scalar } {
    return tf.tidy(() => {
      const logits = this.model.apply(batch.x, { training: false }) as tf.Tensor;
      return { loss: crossEntropy(logits, batch.y), correct: countCorrect(logits, batch.y) };
    });
  }

  /** Class probabilities for a batch of [n, 28, 28, 1] inputs in [0, 1]. */
  predict(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.softmax(this.model.apply(x, { training: false }) as tf.Tensor));
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}

export function crossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const depth = logits.shape[logits.shape.length - 1] as number;
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, depth), logits) as tf.Scalar;
}

export function countCorrect(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'));
}

/** Adds one batch's results into running device sums, disposing the superseded tensors. */
export function accumulate(
  sums: StepSums | undefined,
  result: { loss: tf.Scalar; correct: tf.Scalar },
  size: number,
): StepSums {
  const weighted = tf.mul(result.loss, size) as tf.Scalar;
  if (!sums) return { loss: weighted, correct: tf.clone(result.correct), count: size };
  const next = {
    loss: tf.add(sums.loss, weighted) as tf.Scalar,
    correct: tf.add(sums.correct, result.correct) as tf.Scalar,
    count: sums.count + size,
  };
  tf.dispose([sums.loss, sums.correct, weighted]);
  return next;
}

/** Reads the sums back (one device sync) and disposes them. */
export async function readMeans(
  sums: StepSums | undefined,
  prefix: string,
): Promise<Record<string, number>> {
  if (!sums) return {};
  const [loss, correct] = await Promise.all([sums.loss.data(), sums.correct.data()]);
  tf.dispose([sums.loss, sums.correct]);
  return { [`${prefix}/loss`]: loss[0] / sums.count, [`${prefix}/acc`]: correct[0] / sums.count };
}
