import type { MemoryLimits } from '../backends/backendLimits';
import {
  estimateStep,
  fits,
  largestFittingBatch,
  type StepMemoryEstimate,
  type StepMemoryModel,
} from './memoryEstimate';

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;

/** "wasm allows 4096 MB and 4096 MB per tensor (the wasm32 heap maximum)" */
function limitText(limits: MemoryLimits): string {
  const parts = [
    limits.totalBytes === undefined ? undefined : `${mb(limits.totalBytes)} in all`,
    limits.tensorBytes === undefined ? undefined : `${mb(limits.tensorBytes)} per tensor`,
  ].filter((part) => part !== undefined);
  return `${limits.backend} allows ${parts.join(' and ') || 'no known amount'} (${limits.source})`;
}

/** A training step that cannot fit its backend at any micro-batch size. */
export class StepMemoryError extends Error {
  override name = 'StepMemoryError';

  constructor(
    readonly estimate: StepMemoryEstimate,
    readonly limits: MemoryLimits,
    readonly largestBatch: number,
  ) {
    const { totalBytes, largestTensor, batchSize } = estimate;
    super(
      `One training step at batch size ${batchSize} needs about ${mb(totalBytes)} ` +
        `(largest tensor: ${largestTensor.name}, ${mb(largestTensor.bytes)}); ` +
        `${limitText(limits)}. ` +
        (largestBatch > 0
          ? `The largest batch size that fits is ${largestBatch}: pass --micro_batch_size ${largestBatch} or less, or a smaller --batch_size.`
          : 'Not even a batch of 1 fits: make the model smaller (its weights alone are too large) or use another backend.'),
    );
  }
}

/** How a batch is split for one optimizer step, and why. */
export interface MicroBatchPlan {
  microBatchSize: number;
  estimate: StepMemoryEstimate;
  /** Set when the batch is split: the line the run's log shows. */
  reason?: string;
}

/**
 * The micro-batch size for a step of `batchSize`: `requested` where given (it must fit), else
 * the whole batch where it fits, else equal micro-batches of the largest size that fits.
 * Throws StepMemoryError where none fits.
 */
export function planMicroBatches(
  model: StepMemoryModel,
  batchSize: number,
  limits: MemoryLimits,
  requested?: number,
): MicroBatchPlan {
  const full = estimateStep(model, batchSize);
  const largest = Math.min(batchSize, largestFittingBatch(model, limits));
  const wanted = requested === undefined ? undefined : Math.min(requested, batchSize);
  if (wanted !== undefined) {
    const estimate = estimateStep(model, wanted);
    if (!fits(estimate, limits)) throw new StepMemoryError(estimate, limits, largest);
    return wanted === batchSize
      ? { microBatchSize: batchSize, estimate }
      : {
          microBatchSize: wanted,
          estimate,
          reason: `Micro-batches of ${wanted} (--micro_batch_size): gradients accumulated over each batch of ${batchSize}.`,
        };
  }
  if (fits(full, limits)) return { microBatchSize: batchSize, estimate: full };
  if (largest < 1) throw new StepMemoryError(full, limits, 0);
  // Equal parts: the same work per micro-batch, and no last one of a few examples.
  const parts = Math.ceil(batchSize / largest);
  const microBatchSize = Math.ceil(batchSize / parts);
  return {
    microBatchSize,
    estimate: estimateStep(model, microBatchSize),
    reason:
      `A step at batch size ${batchSize} needs about ${mb(full.totalBytes)}; ` +
      `${limitText(limits)}: training in ${parts} micro-batches of ` +
      `${microBatchSize}, their gradients summed into one step over the batch.`,
  };
}
