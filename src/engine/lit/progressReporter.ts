import type { BatchEndInfo, Callback } from './callback';
import type { Trainer } from './trainer';

/**
 * Turns finished batches into `step` events with throughput, like Lightning's progress bar:
 * at most one event per `intervalMs` (plus every step whose loss was read back and the last).
 */
export class ProgressReporter implements Callback {
  readonly name = 'ProgressReporter';
  private windowStart = 0;
  private windowSamples = 0;
  private samplesPerSec = 0;
  private lastEmit = 0;

  constructor(private readonly intervalMs = 100) {}

  onTrainEpochStart(): void {
    this.windowStart = performance.now();
    this.windowSamples = 0;
  }

  onTrainBatchEnd(trainer: Trainer, info: BatchEndInfo): void {
    const now = performance.now();
    this.windowSamples += info.size;
    const elapsed = now - this.windowStart;
    // A sliding window of about a second keeps the rate current without jitter.
    if (elapsed > 1000 || this.samplesPerSec === 0) {
      this.samplesPerSec = (this.windowSamples * 1000) / Math.max(elapsed, 1e-3);
      if (elapsed > 1000) {
        this.windowStart = now;
        this.windowSamples = 0;
      }
    }
    const last = info.batch === info.batchesInEpoch - 1;
    if (info.loss === undefined && !last && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    trainer.emit({
      type: 'step',
      epoch: info.epoch,
      step: info.step,
      batch: info.batch,
      batchesInEpoch: info.batchesInEpoch,
      loss: info.loss,
      lr: trainer.module?.learningRateAt(info.step - 1) ?? 0,
      samplesPerSec: this.samplesPerSec,
    });
  }
}
