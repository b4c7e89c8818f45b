import * as tf from '@tensorflow/tfjs';
import { DEVICE_RESIDENT_BACKENDS } from '../backends/backendNames';
import type { Checkpoint, CheckpointMeta, HistoryEntry } from '../checkpoint/format';
import { captureCheckpoint } from '../checkpoint/moduleState';
import { hashSeed } from '../data/rng';
import type { Batch, DataModule, Split } from '../data/types';
import type { EventSink, FinishReason, HardwareInfo, Metrics, TrainerEvent } from '../events';
import type { ModelSummary } from '../models/summary';
import { ProgressPacer } from '../progressPacer';
import { type Callback, orderCallbacks } from './callback';
import { type Divergence, DivergenceDetector } from './divergenceDetector';
import { disposeStep, EpochSums } from './epochSums';
import type { LitModel } from './litModel';

export interface TrainerOptions {
  runName: string;
  maxEpochs: number;
  batchSize: number;
  seed: number;
  /** A count of batches (>= 1) or a fraction of the split (< 1), as in Lightning. */
  limitTrainBatches?: number;
  limitValBatches?: number;
  limitTestBatches?: number;
  /** Train, validate and test on the first N training batches, unshuffled. */
  overfitBatches?: number;
  checkValEveryNEpoch?: number;
  /** Read the loss back from the device every N steps (1 = every step). */
  logEveryNSteps?: number;
  /** End the run at the first non-finite loss (on by default; off only to measure its cost). */
  checkDivergence?: boolean;
  callbacks?: Callback[];
  hardware: HardwareInfo;
  /** The experiment config, stored in every checkpoint. */
  config?: Record<string, unknown>;
  onEvent?: EventSink;
  signal?: AbortSignal;
}

/** Keeps the augmentation draws' stream apart from the shuffle's (hashSeed(seed, epoch)). */
const AUGMENT_STREAM = 1;

/**
 * A limit_*_batches value: a count of batches (>= 1) or a fraction of them (< 1), as Lightning;
 * 0 skips that loop (validation and test only: the flag parser refuses 0 for training).
 */
export function resolveBatchLimit(value: number | undefined, total: number): number {
  if (value === undefined) return total;
  if (value === 0) return 0;
  return value < 1 ? Math.max(1, Math.floor(value * total)) : Math.min(total, Math.floor(value));
}

/**
 * The Lightning-style loop: fit (train + validate each epoch, callbacks at the hooks), validate
 * and test. Emits the typed event stream; pause, resume and an AbortSignal control it.
 */
export class Trainer {
  currentEpoch = 0;
  globalStep = 0;
  /** Set by callbacks (EarlyStopping) to end fit after the current epoch. */
  shouldStop = false;
  stopReason: FinishReason = 'completed';
  /** Set when the run ended with reason 'diverged'. */
  divergence?: Divergence;
  modelSummary?: ModelSummary;
  module?: LitModel;
  dataModule?: DataModule;
  private pauseGate?: { promise: Promise<void>; release: () => void };
  private lastYield = 0;
  readonly callbacks: Callback[];

  /** Every finished epoch of the run, resumed ones included: kept in checkpoints for the charts. */
  history: HistoryEntry[] = [];

  constructor(readonly options: TrainerOptions) {
    this.callbacks = orderCallbacks(options.callbacks ?? []);
  }

  emit(event: TrainerEvent): void {
    this.options.onEvent?.(event);
  }

  get paused(): boolean {
    return this.pauseGate !== undefined;
  }

  pause(): void {
    if (this.pauseGate) return;
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.pauseGate = { promise, release };
  }

  resume(): void {
    const gate = this.pauseGate;
    this.pauseGate = undefined;
    gate?.release();
  }

  private get aborted(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  /** Between steps: honour pause, and let the host's event loop deliver commands. */
  private async checkpointBetweenSteps(): Promise<void> {
    if (this.pauseGate) {
      this.emit({ type: 'paused', step: this.globalStep });
      const onAbort = () => this.resume();
      this.options.signal?.addEventListener('abort', onAbort, { once: true });
      while (this.pauseGate) await this.pauseGate.promise;
      this.options.signal?.removeEventListener('abort', onAbort);
      this.emit({ type: 'resumed', step: this.globalStep });
    }
    const now = Date.now();
    if (now - this.lastYield > 50) {
      this.lastYield = now;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  private limit(split: Split, total: number): number {
    const o = this.options;
    const value = { train: o.limitTrainBatches, val: o.limitValBatches, test: o.limitTestBatches }[
      split
    ];
    return resolveBatchLimit(value, total);
  }

  batchCount(data: DataModule, split: Split): number {
    if (this.options.overfitBatches) {
      return Math.min(
        this.options.overfitBatches,
        Math.ceil(data.size('train') / this.options.batchSize),
      );
    }
    return this.limit(split, Math.ceil(data.size(split) / this.options.batchSize));
  }

  private batches(data: DataModule, split: Split, epoch: number): Generator<Batch> {
    const limitBatches = this.batchCount(data, split);
    const { batchSize, seed, overfitBatches } = this.options;
    // There a device-resident dataset beats uploading each batch.
    const onDevice = DEVICE_RESIDENT_BACKENDS.has(tf.getBackend());
    if (overfitBatches) return data.batches('train', { batchSize, limitBatches, onDevice });
    const train = split === 'train';
    const shuffleSeed = train ? hashSeed(seed, epoch) : undefined;
    const augmentSeed = train ? hashSeed(seed, epoch, AUGMENT_STREAM) : undefined;
    return data.batches(split, { batchSize, limitBatches, shuffleSeed, augmentSeed, onDevice });
  }

  /** Fits the module; resuming from a checkpoint's meta continues that run's epoch and step. */
  async fit(
    module: LitModel,
    data: DataModule,
    resumeFrom?: CheckpointMeta,
  ): Promise<FinishReason> {
    this.module = module;
    this.dataModule = data;
    await data.prepareData();
    await data.setup();
    const startEpoch = resumeFrom ? resumeFrom.epoch + 1 : 0;
    this.globalStep = resumeFrom?.step ?? 0;
    this.history = (resumeFrom?.history ?? []).filter((entry) => entry.epoch <= startEpoch - 1);
    if (resumeFrom) {
      for (const cb of this.callbacks) {
        const key = cb.stateKey ?? cb.name;
        // The record comes from a file: only its own keys, never inherited ones.
        cb.loadStateDict?.(
          Object.hasOwn(resumeFrom.callbacks, key) ? resumeFrom.callbacks[key] : undefined,
        );
      }
    }
    this.shouldStop = false;
    this.stopReason = 'completed';
    this.divergence = undefined;
    for (const cb of this.callbacks) await cb.onFitStart?.(this);
    const { maxEpochs, checkValEveryNEpoch = 1 } = this.options;
    this.emit({
      type: 'runStarted',
      runName: this.options.runName,
      hardware: this.options.hardware,
      summary: this.modelSummary,
      maxEpochs,
      batchesPerEpoch: this.batchCount(data, 'train'),
      startEpoch,
      startStep: this.globalStep,
      history: this.historyCopy(),
    });
    for (let epoch = startEpoch; epoch < maxEpochs; epoch++) {
      this.currentEpoch = epoch;
      const trainMetrics = await this.trainEpoch(module, data, epoch);
      if (this.divergence) {
        // Nothing of the diverged state is validated or saved; earlier checkpoints stay.
        this.stopReason = 'diverged';
        break;
      }
      if (this.aborted) {
        this.stopReason = 'stopped';
        break;
      }
      const entry: HistoryEntry = { epoch, step: this.globalStep, metrics: { ...trainMetrics } };
      this.history.push(entry);
      for (const cb of this.callbacks) await cb.onTrainEpochEnd?.(this, epoch, trainMetrics);
      this.emit({ type: 'epochEnd', epoch, step: this.globalStep, metrics: trainMetrics });
      const validates = (epoch + 1) % checkValEveryNEpoch === 0 || epoch === maxEpochs - 1;
      if (validates && this.batchCount(data, 'val') > 0) {
        const valMetrics = await this.evaluate(module, data, 'val', epoch);
        if (this.aborted) {
          this.stopReason = 'stopped';
          break;
        }
        Object.assign(entry.metrics, valMetrics);
        this.emit({ type: 'validation', epoch, step: this.globalStep, metrics: valMetrics });
        for (const cb of this.callbacks)
          await cb.onValidationEnd?.(this, epoch, { ...trainMetrics, ...valMetrics });
      }
      if (this.shouldStop) {
        // A callback that stops for its own reason (a sweep's pruner) has set it already.
        if (this.stopReason === 'completed') this.stopReason = 'earlyStopping';
        break;
      }
    }
    for (const cb of this.callbacks) await cb.onFitEnd?.(this);
    return this.stopReason;
  }

  private async trainEpoch(module: LitModel, data: DataModule, epoch: number): Promise<Metrics> {
    const batchesInEpoch = this.batchCount(data, 'train');
    const logEvery = this.options.logEveryNSteps ?? 1;
    for (const cb of this.callbacks) cb.onTrainEpochStart?.(this, epoch);
    const sums = new EpochSums(module.objective.ratios);
    const detector = new DivergenceDetector(this.options.checkDivergence ?? true);
    let batchIndex = 0;
    const batches = this.batches(data, 'train', epoch);
    let next = batches.next();
    while (!next.done) {
      const batch = next.value;
      if (this.aborted) break;
      const result = module.trainingStep(batch, this.globalStep, this.options.seed);
      // Prepare the next batch while the device (WebGPU, WebGL) still runs this step.
      next = batches.next();
      this.globalStep++;
      sums.add(result, batch.size);
      detector.observe(result.loss, this.globalStep);
      const readBack = this.globalStep % logEvery === 0 || batchIndex === batchesInEpoch - 1;
      const reading = readBack ? await detector.read(result.loss) : undefined;
      tf.dispose([batch.x, batch.y]);
      disposeStep(result);
      if (reading?.divergence) {
        this.divergence = reading.divergence;
        break;
      }
      const loss = reading?.loss;
      const info = {
        epoch,
        batch: batchIndex,
        batchesInEpoch,
        step: this.globalStep,
        size: batch.size,
        loss,
      };
      for (const cb of this.callbacks) cb.onTrainBatchEnd?.(this, info);
      batchIndex++;
      await this.checkpointBetweenSteps();
    }
    detector.dispose();
    // A batch taken but not trained on (stopped, diverged, or prefetched past the end).
    if (!next.done) tf.dispose([next.value.x, next.value.y]);
    return sums.read('train');
  }

  private async evaluate(
    module: LitModel,
    data: DataModule,
    split: Split,
    epoch: number,
  ): Promise<Metrics> {
    const sums = new EpochSums(module.objective.ratios);
    const phase = split === 'val' ? 'validate' : 'test';
    const batches = this.batchCount(data, split);
    const progress = new ProgressPacer(batches, (batch) =>
      this.emit({ type: 'evalProgress', phase, epoch, batch, batches }),
    );
    for (const batch of this.batches(data, split, epoch)) {
      const result = await module.evaluationStep(batch);
      sums.add(result, batch.size);
      await progress.step(() => result.loss.data());
      tf.dispose([batch.x, batch.y]);
      disposeStep(result);
      await this.checkpointBetweenSteps();
      if (this.aborted) break;
    }
    return sums.read(split === 'val' ? 'validation' : 'test');
  }

  async validate(module: LitModel, data: DataModule): Promise<Metrics> {
    await data.setup();
    return this.evaluate(module, data, 'val', this.currentEpoch);
  }

  async test(module: LitModel, data: DataModule, checkpoint?: string): Promise<Metrics> {
    await data.setup();
    if (this.batchCount(data, 'test') === 0) {
      this.emit({ type: 'log', level: 'info', message: 'Test skipped: limit_test_batches is 0.' });
      return {};
    }
    const metrics = await this.evaluate(module, data, 'test', this.currentEpoch);
    this.emit({ type: 'test', metrics, checkpoint });
    return metrics;
  }

  /** The history as it is now: events and checkpoints must not change as the run goes on. */
  private historyCopy(): HistoryEntry[] {
    return this.history.map((entry) => ({ ...entry, metrics: { ...entry.metrics } }));
  }

  /** A checkpoint of the current state, including every callback's state. */
  async snapshot(metrics: Metrics): Promise<Checkpoint> {
    if (!this.module || !this.dataModule)
      throw new Error('snapshot() needs a module being fitted.');
    const callbacks: Record<string, unknown> = {};
    for (const cb of this.callbacks) {
      if (cb.stateDict) callbacks[cb.stateKey ?? cb.name] = cb.stateDict();
    }
    return captureCheckpoint(this.module, {
      runName: this.options.runName,
      createdAt: new Date().toISOString(),
      config: this.options.config ?? {},
      mapping: this.dataModule.config().mapping,
      epoch: this.currentEpoch,
      step: this.globalStep,
      metrics,
      callbacks,
      history: this.historyCopy(),
    });
  }
}
