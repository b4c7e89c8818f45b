/**
 * What a Lit model optimizes and reports, chosen by the lab's `--loss`: the loss of a batch and
 * the metric tallies summed over an epoch. The Trainer's loops stay the same for every loss.
 */
import type * as tf from '@tensorflow/tfjs';
import type { LossName } from './lossNames';

/** Named device scalars a step adds to its epoch's sums. */
export type Tallies = Record<string, tf.Scalar>;

/** One step's batch loss and tallies, on the device; the caller disposes them (disposeStep). */
export interface StepResult {
  loss: tf.Scalar;
  tallies: Tallies;
}

export interface Objective {
  readonly name: LossName;
  /** The mean loss of a batch, the scalar the optimizer minimizes. */
  loss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar;
  /** Tallies of a training step: cheap device ops only (none where they would cost a read). */
  trainTallies(logits: tf.Tensor, labels: tf.Tensor): Tallies;
  /** Tallies of a validation or test batch; may read the batch back (CTC decodes on the host). */
  evalTallies(logits: tf.Tensor, labels: tf.Tensor): Promise<Tallies>;
  /**
   * Each reported metric as [numerator, denominator] tally names, both summed over the epoch.
   * A metric whose tallies a step did not produce is left out.
   */
  readonly ratios: Readonly<Record<string, readonly [string, string]>>;
}
