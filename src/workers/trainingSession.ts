/**
 * The one training run the worker may have at a time: start (new or continuing a stored
 * checkpoint), pause, resume, stop; every Trainer event forwarded to the page.
 */

import { version as inklabVersion } from '../../package.json';
import { decodeCheckpoint } from '../engine/checkpoint/format';
import { type ExperimentConfig, newRunConfig } from '../engine/config';
import { loadManifest } from '../engine/data/manifestSource';
import type { DatasetSource } from '../engine/data/types';
import { errorMessage } from '../engine/errorMessage';
import type { HardwareInfo, Metrics, TrainerEvent } from '../engine/events';
import { Experiment, type ExperimentResult } from '../engine/experiment';
import type { Callback } from '../engine/lit/callback';
import { ENVIRONMENT_FLAGS, RESUME_FREE_FLAGS, resumeConfig } from '../engine/resume';
import { datasetChecksums } from '../engine/runs/datasetChecksums';
import type { RunRecord } from '../engine/runs/runRecord';
import { RunRecorder } from '../engine/runs/runRecorder';
import { type DeviceLoss, deviceLossNotice, noBackendAfterLoss } from './deviceLoss';
import type { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import type { Post } from './requestRouter';
import type { RunStore } from './runStore';
import { ANOTHER_TAB_TRAINS, type Exclusive } from './trainingLock';

export interface TrainingDeps {
  source: DatasetSource;
  store: IndexedDbCheckpointStore;
  /**
   * Starts the backend if needed; its info goes into the run's hardware line. `measure`: no
   * backend was picked, so the fastest for `config`'s model is measured first.
   */
  hardware: (config: ExperimentConfig, options: { measure: boolean }) => Promise<HardwareInfo>;
  post: Post;
  /** After a run: e.g. load its best checkpoint for prediction. */
  onFinished: (experiment: Experiment, result: ExperimentResult) => Promise<void>;
  /** Keeps other tabs from training at the same time (Web Locks); none in Node tests. */
  exclusive?: Exclusive;
  /** Where each run's record is kept (the Runs view); none: runs are not recorded. */
  runs?: RunStore;
}

/** A run's record is stored at every epoch's end and when it ends, or this often meanwhile. */
const RECORD_SAVE_INTERVAL_MS = 5000;

const alone: Exclusive = async (work) => {
  await work();
  return true;
};

interface ActiveRun {
  experiment?: Experiment;
  controller: AbortController;
  /** Set when the device it trains on was lost: it stops, then continues on another backend. */
  lost?: DeviceLoss;
  /** Stop was asked for: a run on a lost device then ends instead of continuing. */
  stopped?: boolean;
  recorder?: RunRecorder;
  savedAt?: number;
  /** How the run ended, once it has; undefined when it failed. */
  result?: ExperimentResult;
}

/** A sweep's trial: the run's name, and callbacks beside the standard ones (pruning). */
export interface TrialOptions {
  runName: string;
  callbacks: Callback[];
}

/** What one attempt of a run starts from: a stored checkpoint, or a new run under a name. */
interface Attempt {
  /** The page's flags (for a resume, only those a resume may take). */
  given: Record<string, string>;
  resumeId?: string;
  runName?: string;
  /** The attempt continues a run whose device was lost: it keeps the backend switched to. */
  afterLoss?: boolean;
  callbacks?: Callback[];
}

/**
 * An error of a run may come from reading a lost device a moment before the device's `lost`
 * promise settles: it is held this long before it is taken as the run's own failure.
 */
const LOSS_GRACE_MS = 200;

export class TrainingSession {
  private active?: ActiveRun;

  constructor(private readonly deps: TrainingDeps) {}

  /** The running experiment, if any (its data module is shared with sample requests). */
  get experiment(): Experiment | undefined {
    return this.active?.experiment;
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  /**
   * Starts a run; resolves when it has ended, with its result (undefined when it failed or
   * could not start).
   */
  start(
    config: Record<string, string>,
    resumeId?: string,
    trial?: TrialOptions,
  ): Promise<ExperimentResult | undefined> {
    if (this.active) {
      this.emit({
        type: 'log',
        level: 'warn',
        message:
          'A run is already in progress: stop it (or wait for it to end) before starting another.',
      });
      return Promise.resolve(undefined);
    }
    const active: ActiveRun = { controller: new AbortController() };
    this.active = active;
    const exclusive = this.deps.exclusive ?? alone;
    const first: Attempt = {
      given: config,
      resumeId,
      runName: trial?.runName,
      callbacks: trial?.callbacks,
    };
    return exclusive(() => this.run(active, first))
      .then(
        (ran) => {
          if (!ran) this.emit({ type: 'error', message: ANOTHER_TAB_TRAINS });
        },
        (error) => this.emit({ type: 'error', message: errorMessage(error) }),
      )
      .finally(() => {
        this.active = undefined;
      })
      .then(() => active.result);
  }

  pause(): void {
    this.active?.experiment?.trainer.pause();
  }

  resume(): void {
    this.active?.experiment?.trainer.resume();
  }

  /** Ends the run after the current step; checkpoints saved so far are kept. */
  stop(): void {
    if (this.active) this.active.stopped = true;
    this.active?.controller.abort();
  }

  /**
   * The device the run trains on was lost: the run stops after the current step, and once it
   * has, `loss.switchBackend` picks another backend and the run continues from its last
   * checkpoint there. False when no run is going.
   */
  deviceLost(loss: DeviceLoss): boolean {
    const active = this.active;
    if (!active) return false;
    active.lost ??= loss;
    active.controller.abort();
    return true;
  }

  private emit(event: TrainerEvent): void {
    this.deps.post({ type: 'trainer', event });
    const active = this.active;
    if (active?.recorder) this.record(active, event);
  }

  /** Folds the event into the run's record and stores it when due. */
  private record(active: ActiveRun, event: TrainerEvent): void {
    const recorder = active.recorder as RunRecorder;
    recorder.handle(event);
    const now = Date.now();
    const due =
      event.type === 'runStarted' ||
      event.type === 'validation' ||
      event.type === 'epochEnd' ||
      event.type === 'test' ||
      event.type === 'finished' ||
      event.type === 'error' ||
      now - (active.savedAt ?? 0) >= RECORD_SAVE_INTERVAL_MS;
    if (due && recorder.changed) {
      active.savedAt = now;
      void this.saveRecord(recorder.take() as RunRecord);
    }
  }

  private async saveRecord(record: RunRecord): Promise<void> {
    try {
      await this.deps.runs?.put(record);
      this.deps.post({ type: 'run', record });
    } catch (error) {
      this.deps.post({
        type: 'trainer',
        event: {
          type: 'log',
          level: 'warn',
          message: `Could not keep the record of run "${record.id}": ${errorMessage(error)}`,
        },
      });
    }
  }

  /** What the run's data files hash to; unknown (empty) when the manifest cannot be read. */
  private async checksums(config: ExperimentConfig): Promise<Record<string, string>> {
    try {
      return datasetChecksums(await loadManifest(this.deps.source), config);
    } catch {
      return {};
    }
  }

  /** The record a run goes on in: the one being written (after a lost device) or the stored one. */
  private async previousRecord(
    active: ActiveRun,
    runName?: string,
  ): Promise<RunRecord | undefined> {
    if (!runName) return undefined;
    if (active.recorder?.current?.id === runName) return active.recorder.current;
    try {
      return await this.deps.runs?.get(runName);
    } catch {
      return undefined;
    }
  }

  private async pushCheckpoints(): Promise<void> {
    try {
      this.deps.post({ type: 'checkpoints', ...(await this.deps.store.list()) });
    } catch (error) {
      this.emit({
        type: 'log',
        level: 'warn',
        message: `Could not list checkpoints: ${errorMessage(error)}`,
      });
    }
  }

  /** The Checkpoints panel lists a checkpoint's test metrics from its stored record. */
  private async recordTest(id: string, metrics: Metrics): Promise<void> {
    try {
      await this.deps.store.recordTest(id, metrics);
    } catch (error) {
      this.emit({
        type: 'log',
        level: 'warn',
        message: `Could not keep the test metrics with checkpoint "${id}": ${errorMessage(error)}`,
      });
      return;
    }
    await this.pushCheckpoints();
  }

  private async run(active: ActiveRun, first: Attempt) {
    let attempt: Attempt | undefined = first;
    while (attempt) attempt = await this.attempt(active, attempt);
  }

  /** Trains once; returns where to continue when the device was lost meanwhile. */
  private async attempt(
    active: ActiveRun,
    { given: raw, resumeId, runName, afterLoss, callbacks }: Attempt,
  ): Promise<Attempt | undefined> {
    let experiment: Experiment;
    let failure: TrainerEvent | undefined;
    try {
      const resume = resumeId
        ? decodeCheckpoint(await this.deps.store.load(resumeId), this.deps.store.describe(resumeId))
        : undefined;
      const config: ExperimentConfig = resume ? resumeConfig(resume.meta, raw) : newRunConfig(raw);
      const hardware = await this.deps.hardware(config, { measure: !raw.backend && !afterLoss });
      // The run trains on the worker's backend; record that one, not the CLI's default.
      config.backend = hardware.backend;
      if (this.deps.runs) {
        active.recorder = new RunRecorder({
          config,
          inklabVersion,
          datasets: await this.checksums(config),
          previous: await this.previousRecord(active, resume?.meta.runName ?? runName),
        });
      }
      experiment = new Experiment(config, {
        source: this.deps.source,
        store: this.deps.store,
        hardware,
        resume,
        runName,
        callbacks,
        signal: active.controller.signal,
        logEveryNSteps: 1,
        onEvent: (event) => {
          // A run on a lost device does not end: it continues on another backend.
          if (event.type === 'finished' && active.lost) return;
          if (event.type === 'error') {
            failure = event;
            return;
          }
          this.emit(event);
          if (event.type === 'checkpointSaved' || event.type === 'checkpointRemoved') {
            void this.pushCheckpoints();
          }
          if (event.type === 'test' && event.checkpoint) {
            void this.recordTest(event.checkpoint, event.metrics);
          }
        },
      });
    } catch (error) {
      this.emit({ type: 'error', message: errorMessage(error) });
      return undefined;
    }
    active.experiment = experiment;
    try {
      const result = await experiment.run();
      if (!active.lost) {
        active.result = result;
        await this.deps.onFinished(experiment, result);
      }
    } catch {
      // Experiment.run emitted the error event, held in `failure`.
      if (!active.lost) await new Promise((resolve) => setTimeout(resolve, LOSS_GRACE_MS));
    } finally {
      experiment.dispose();
    }
    if (!active.lost) {
      if (failure) this.emit(failure);
      return undefined;
    }
    return this.continueAfterLoss(active, active.lost, experiment, raw, callbacks);
  }

  /**
   * Switches backend and says where the run continues: its latest checkpoint (bytes in the
   * store, nothing read from the lost device), or a fresh start under its name without one.
   */
  private async continueAfterLoss(
    active: ActiveRun,
    loss: DeviceLoss,
    lostRun: Experiment,
    raw: Record<string, string>,
    callbacks?: Callback[],
  ): Promise<Attempt | undefined> {
    const from = lostRun.modelCheckpoint.latestCheckpoint;
    const { trainer } = lostRun;
    if (active.stopped) {
      this.emit({
        type: 'finished',
        reason: 'stopped',
        epoch: trainer.currentEpoch,
        step: trainer.globalStep,
      });
      return undefined;
    }
    let backend: string;
    try {
      backend = (await loss.switchBackend()).backend;
    } catch (error) {
      this.emit({ type: 'error', message: noBackendAfterLoss(loss.detail, errorMessage(error)) });
      return undefined;
    }
    active.lost = undefined;
    active.controller = new AbortController();
    const epochs = lostRun.config.max_epochs;
    this.deps.post({
      type: 'error',
      task: 'deviceLost',
      message: deviceLossNotice(loss.detail, backend, from && { epoch: from.epoch, of: epochs }),
    });
    if (!from) return { given: raw, runName: trainer.options.runName, afterLoss: true, callbacks };
    // Only the flags a resume may take: the rest comes from the checkpoint.
    const keep = [...RESUME_FREE_FLAGS, ...ENVIRONMENT_FLAGS];
    const given = Object.fromEntries(Object.entries(raw).filter(([name]) => keep.includes(name)));
    return { given, resumeId: from.id, afterLoss: true, callbacks };
  }
}
