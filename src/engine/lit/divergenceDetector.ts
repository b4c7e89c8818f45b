import * as tf from '@tensorflow/tfjs';

/** The first training step whose loss was not finite, and that loss (NaN or ±Infinity). */
export interface Divergence {
  step: number;
  loss: number;
}

/** A step's loss read back from the device, with the divergence seen up to that step, if any. */
export interface LossReading {
  loss: number;
  divergence?: Divergence;
}

/**
 * Watches every training step's loss for the first non-finite value without reading it back:
 * the first bad step and its loss stay on the device and travel in the same read as the loss
 * where the Trainer reads it anyway, so catching a divergence costs no extra device sync.
 * Steps are held as float32, exact up to 2^24.
 */
export class DivergenceDetector {
  private firstStep: tf.Scalar | null = null;
  private firstLoss: tf.Scalar | null = null;

  /** `enabled: false` reads the loss alone (to measure what the check costs). */
  constructor(private readonly enabled = true) {}

  /** Records `step` if its loss is the first non-finite one; device ops only. */
  observe(loss: tf.Scalar, step: number): void {
    if (!this.enabled) return;
    const previousStep = this.firstStep ?? tf.scalar(-1);
    const previousLoss = this.firstLoss ?? tf.scalar(0);
    const [firstStep, firstLoss] = tf.tidy(() => {
      const keep = tf.logicalOr(tf.isFinite(loss), tf.greaterEqual(previousStep, 0));
      return [tf.where(keep, previousStep, tf.scalar(step)), tf.where(keep, previousLoss, loss)];
    });
    tf.dispose([previousStep, previousLoss]);
    this.firstStep = firstStep as tf.Scalar;
    this.firstLoss = firstLoss as tf.Scalar;
  }

  /** Reads `loss` and the divergence state back in one transfer. */
  async read(loss: tf.Scalar): Promise<LossReading> {
    if (!this.firstStep || !this.firstLoss) return { loss: (await loss.data())[0] };
    const packed = tf.stack([loss, this.firstStep, this.firstLoss]);
    const [value, step, firstLoss] = await packed.data();
    packed.dispose();
    return step < 0 ? { loss: value } : { loss: value, divergence: { step, loss: firstLoss } };
  }

  dispose(): void {
    tf.dispose([this.firstStep, this.firstLoss].filter((t): t is tf.Scalar => t !== null));
    this.firstStep = this.firstLoss = null;
  }
}
