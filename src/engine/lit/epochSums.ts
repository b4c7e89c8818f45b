import * as tf from '@tensorflow/tfjs';
import type { Metrics } from '../events';
import type { Objective, StepResult } from './objective';

/** Disposes a step's loss and tallies. */
export function disposeStep(result: StepResult): void {
  tf.dispose([result.loss, ...Object.values(result.tallies)]);
}

/**
 * An epoch's loss and metric tallies, summed on the device step by step and read back once at
 * the end, so a step never waits for the device.
 */
export class EpochSums {
  private loss: tf.Scalar | null = null;
  private readonly tallies = new Map<string, tf.Scalar>();
  private count = 0;

  constructor(private readonly ratios: Objective['ratios']) {}

  /** Adds one step's results (the loss weighted by the batch size); `result` stays the caller's. */
  add(result: StepResult, size: number): void {
    this.loss = sumInto(this.loss, tf.mul(result.loss, size));
    for (const [name, value] of Object.entries(result.tallies)) {
      this.tallies.set(name, sumInto(this.tallies.get(name) ?? null, tf.clone(value)));
    }
    this.count += size;
  }

  /** `prefix/loss` (mean per example) and each ratio metric; disposes the sums. */
  async read(prefix: string): Promise<Metrics> {
    if (!this.loss) return {};
    const names = [...this.tallies.keys()];
    const values = await Promise.all([this.loss, ...this.tallies.values()].map((t) => t.data()));
    const total = new Map(names.map((name, i) => [name, values[i + 1][0]]));
    const metrics: Metrics = { [`${prefix}/loss`]: values[0][0] / this.count };
    for (const [metric, [numerator, denominator]] of Object.entries(this.ratios)) {
      const over = total.get(denominator);
      const part = total.get(numerator);
      if (part !== undefined && over) metrics[`${prefix}/${metric}`] = part / over;
    }
    this.dispose();
    return metrics;
  }

  dispose(): void {
    tf.dispose([...(this.loss ? [this.loss] : []), ...this.tallies.values()]);
    this.loss = null;
    this.tallies.clear();
  }
}

/** `sum + value`, disposing both inputs (value is always a fresh tensor). */
function sumInto(sum: tf.Scalar | null, value: tf.Tensor): tf.Scalar {
  if (!sum) return value as tf.Scalar;
  const next = tf.add(sum, value) as tf.Scalar;
  tf.dispose([sum, value]);
  return next;
}
