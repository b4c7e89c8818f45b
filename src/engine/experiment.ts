import { memoryLimitsOf } from './backends/backendLimits';
import { type Checkpoint, decodeCheckpoint } from './checkpoint/format';
import { restoreLitModel, setCheckpointWeights } from './checkpoint/moduleState';
import type { CheckpointStore } from './checkpoint/store';
import type { ExperimentConfig } from './config';
import { createDataModule } from './data/registry';
import type { DataModule, DatasetSource } from './data/types';
import { divergenceMessage } from './divergenceMessage';
import { errorMessage } from './errorMessage';
import type { EventSink, FinishReason, HardwareInfo, Metrics } from './events';
import type { Callback } from './lit/callback';
import { EarlyStopping } from './lit/earlyStopping';
import { LearningRateMonitor } from './lit/learningRateMonitor';
import { LitModel, type LitModelOptions } from './lit/litModel';
import { stepMemoryModel } from './lit/memoryEstimate';
import { planMicroBatches } from './lit/microBatchPlan';
import { ModelCheckpoint } from './lit/modelCheckpoint';
import { ModelSummary } from './lit/modelSummary';
import { ProgressReporter } from './lit/progressReporter';
import { Trainer } from './lit/trainer';
import { modelClass } from './models/registry';

export interface ExperimentDeps {
  source: DatasetSource;
  store: CheckpointStore;
  hardware: HardwareInfo;
  onEvent?: EventSink;
  signal?: AbortSignal;
  /** A checkpoint to continue: same run, next epoch, optimizer state included. */
  resume?: Checkpoint;
  /** A checkpoint whose weights start a new run (fine-tuning): weights only, shapes checked. */
  initFrom?: Checkpoint;
  runName?: string;
  logEveryNSteps?: number;
  /** Callbacks beside the lab's (a sweep's pruner). */
  callbacks?: Callback[];
}

export interface ExperimentResult {
  finishReason: FinishReason;
  /** Validation metrics of the last validation and test metrics of the best checkpoint. */
  metrics: Metrics;
  parameters: number;
  bestCheckpoint?: string;
}

const RUN_SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Four random characters, so two runs started in the same millisecond get distinct names. */
function randomSuffix(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (b) => RUN_SUFFIX_ALPHABET[b % RUN_SUFFIX_ALPHABET.length]).join('');
}

/** `CNN-EMNIST-20261202T061530123-k3f9`: classes, UTC time to the millisecond, random suffix. */
export function defaultRunName(
  config: Pick<ExperimentConfig, 'model_class' | 'data_class'>,
  date = new Date(),
  suffix = randomSuffix(),
): string {
  const stamp = date.toISOString().replace(/[-:.]/g, '').replace(/Z$/, '');
  return `${config.model_class}-${config.data_class}-${stamp}-${suffix}`;
}

/** A resumed or fine-tuned model must read the same classes, in the same order, as the data. */
function checkMapping(checkpoint: Checkpoint, mapping: readonly string[], how: string): void {
  const stored = checkpoint.meta.mapping;
  if (stored.length === mapping.length && stored.every((token, i) => token === mapping[i])) return;
  const first = stored.findIndex((token, i) => token !== mapping[i]);
  throw new Error(
    `Cannot ${how} run '${checkpoint.meta.runName}': its ${stored.length} classes differ from ` +
      `the data's ${mapping.length} (first difference at class ${first}: ` +
      `${JSON.stringify(stored[first])} vs ${JSON.stringify(mapping[first])}). ` +
      'Use the dataset it was trained on (--data_dir, or rebuild it with npm run datasets).',
  );
}

export function litOptions(config: ExperimentConfig, microBatchSize?: number): LitModelOptions {
  return {
    microBatchSize,
    optimizer: config.optimizer,
    lr: config.lr,
    oneCycleMaxLr: config.one_cycle_max_lr,
    oneCycleTotalSteps: config.one_cycle_total_steps,
    cosineTotalSteps: config.cosine_total_steps,
    labelSmoothing: config.label_smoothing,
    loss: config.loss,
  };
}

/** Config -> data module + Lit model + Trainer with the lab's callbacks, ready to run. */
export class Experiment {
  readonly dataModule: DataModule;
  readonly trainer: Trainer;
  readonly modelCheckpoint: ModelCheckpoint;
  module?: LitModel;
  private lastValidation: Metrics = {};

  constructor(
    readonly config: ExperimentConfig,
    private readonly deps: ExperimentDeps,
  ) {
    this.dataModule = createDataModule(config.data_class, deps.source, config);
    const runName = deps.resume?.meta.runName ?? deps.runName ?? defaultRunName(config);
    this.modelCheckpoint = new ModelCheckpoint({ store: deps.store, dirpath: runName });
    const callbacks: Callback[] = [
      new ModelSummary(),
      new ProgressReporter(),
      new LearningRateMonitor(),
      this.modelCheckpoint,
    ];
    if (config.stop_early > 0) callbacks.push(new EarlyStopping(config.stop_early));
    callbacks.push(...(deps.callbacks ?? []));
    this.trainer = new Trainer({
      runName,
      maxEpochs: config.max_epochs,
      batchSize: config.batch_size,
      seed: config.seed,
      limitTrainBatches: config.limit_train_batches,
      limitValBatches: config.limit_val_batches,
      limitTestBatches: config.limit_test_batches,
      overfitBatches: config.overfit_batches || undefined,
      checkValEveryNEpoch: config.check_val_every_n_epoch,
      logEveryNSteps: deps.logEveryNSteps,
      callbacks,
      hardware: deps.hardware,
      config,
      onEvent: (event) => {
        if (event.type === 'validation') this.lastValidation = event.metrics;
        deps.onEvent?.(event);
      },
      signal: deps.signal,
    });
  }

  /** Builds the model (or restores the checkpoint being resumed). */
  async buildModule(): Promise<LitModel> {
    // Before loading the data: every data module knows its shapes and mapping from its options.
    const microBatchSize = this.planMemory();
    await this.dataModule.prepareData();
    await this.dataModule.setup();
    const options = litOptions(this.config, microBatchSize);
    const { resume, initFrom } = this.deps;
    const mapping = this.dataModule.config().mapping;
    if (resume) {
      checkMapping(resume, mapping, 'continue');
      return restoreLitModel(resume, options);
    }
    const model = modelClass(this.config.model_class).build(
      this.dataModule.config(),
      this.config,
      this.config.seed,
    );
    if (initFrom) {
      try {
        checkMapping(initFrom, mapping, 'start from the weights of');
        setCheckpointWeights(model, initFrom, (what) => {
          throw new Error(
            `Cannot start from the weights of run '${initFrom.meta.runName}': ${what}. ` +
              'Give the model flags it was trained with (--init_from loads weights only).',
          );
        });
      } catch (error) {
        model.dispose();
        throw error;
      }
    }
    return new LitModel(model, options);
  }

  /**
   * Checks, before any weight exists, that a training step fits the backend; returns the
   * micro-batch size (logged when it splits the batch). Throws StepMemoryError where none fits.
   */
  private planMemory(): number {
    const { config } = this;
    const data = this.dataModule.config();
    const nodes = modelClass(config.model_class).nodes(data, config, config.seed);
    const plan = planMicroBatches(
      stepMemoryModel(data.inputDims, nodes, config.optimizer),
      config.batch_size,
      memoryLimitsOf(this.deps.hardware.backend),
      config.micro_batch_size,
    );
    if (plan.reason) this.trainer.emit({ type: 'log', level: 'info', message: plan.reason });
    return plan.microBatchSize;
  }

  /** Fit, then test on the best checkpoint, as run_experiment.py does. */
  async run(): Promise<ExperimentResult> {
    const trainer = this.trainer;
    try {
      this.module = await this.buildModule();
      const finishReason = await trainer.fit(this.module, this.dataModule, this.deps.resume?.meta);
      const best = this.modelCheckpoint.bestCheckpoint;
      const message = trainer.divergence
        ? divergenceMessage(trainer.divergence, this.config, this.lastCheckpointPath())
        : undefined;
      if (message) trainer.emit({ type: 'log', level: 'error', message });
      let testMetrics: Metrics = {};
      // A diverged module holds non-finite weights: only a checkpoint saved before is tested.
      // A pruned trial is not worth testing: the sweep only compares its validation.
      const tests = finishReason !== 'stopped' && finishReason !== 'pruned';
      if (tests && (best || finishReason !== 'diverged')) {
        const tested = best ? await this.loadCheckpoint(best.id) : this.module;
        testMetrics = await trainer.test(tested, this.dataModule, best?.id);
        if (tested !== this.module) tested.dispose();
      }
      const result: ExperimentResult = {
        finishReason,
        metrics: { ...this.lastValidation, ...testMetrics },
        parameters: this.module.model.countParams(),
        bestCheckpoint: best?.id,
      };
      trainer.emit({
        type: 'finished',
        reason: finishReason,
        epoch: trainer.currentEpoch,
        step: trainer.globalStep,
        bestCheckpoint: best?.id,
        message,
      });
      return result;
    } catch (error) {
      trainer.emit({
        type: 'error',
        message: errorMessage(error),
      });
      throw error;
    }
  }

  private lastCheckpointPath(): string | undefined {
    const latest = this.modelCheckpoint.latestCheckpoint;
    return latest && this.deps.store.describe(latest.id);
  }

  async loadCheckpoint(id: string): Promise<LitModel> {
    const checkpoint = decodeCheckpoint(
      await this.deps.store.load(id),
      this.deps.store.describe(id),
    );
    return restoreLitModel(checkpoint, litOptions(this.config));
  }

  dispose(): void {
    this.module?.dispose();
    this.dataModule.dispose?.();
  }
}
