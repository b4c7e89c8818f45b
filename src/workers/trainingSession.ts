/**
 * The one training run the worker may have at a time: start (new or continuing a stored
 * checkpoint), pause, resume, stop; every Trainer event forwarded to the page.
 */

import { decodeCheckpoint } from '../engine/checkpoint/format';
import { type ExperimentConfig, newRunConfig } from '../engine/config';
import type { DatasetSource } from '../engine/data/types';
import { errorMessage } from '../engine/errorMessage';
import type { HardwareInfo, TrainerEvent } from '../engine/events';
import { Experiment, type ExperimentResult } from '../engine/experiment';
import { resumeConfig } from '../engine/resume';
import type { IndexedDbCheckpointStore } from './indexedDbCheckpointStore';
import type { Post } from './requestRouter';
import { ANOTHER_TAB_TRAINS, type Exclusive } from './trainingLock';

export interface TrainingDeps {
  source: DatasetSource;
  store: IndexedDbCheckpointStore;
  /** Starts the backend if needed; its info goes into the run's hardware line. */
  hardware: () => Promise<HardwareInfo>;
  post: Post;
  /** After a run: e.g. load its best checkpoint for prediction. */
  onFinished: (experiment: Experiment, result: ExperimentResult) => Promise<void>;
  /** Keeps other tabs from training at the same time (Web Locks); none in Node tests. */
  exclusive?: Exclusive;
}

const alone: Exclusive = async (work) => {
  await work();
  return true;
};

export class TrainingSession {
  private active?: { experiment?: Experiment; controller: AbortController };

  constructor(private readonly deps: TrainingDeps) {}

  /** The running experiment, if any (its data module is shared with sample requests). */
  get experiment(): Experiment | undefined {
    return this.active?.experiment;
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  start(config: Record<string, string>, resumeId?: string): void {
    if (this.active) {
      this.emit({
        type: 'log',
        level: 'warn',
        message:
          'A run is already in progress: stop it (or wait for it to end) before starting another.',
      });
      return;
    }
    const active = { controller: new AbortController() } as NonNullable<typeof this.active>;
    this.active = active;
    const exclusive = this.deps.exclusive ?? alone;
    exclusive(() => this.run(active, config, resumeId))
      .then(
        (ran) => {
          if (!ran) this.emit({ type: 'error', message: ANOTHER_TAB_TRAINS });
        },
        (error) => this.emit({ type: 'error', message: errorMessage(error) }),
      )
      .finally(() => {
        this.active = undefined;
      });
  }

  pause(): void {
    this.active?.experiment?.trainer.pause();
  }

  resume(): void {
    this.active?.experiment?.trainer.resume();
  }

  /** Ends the run after the current step; checkpoints saved so far are kept. */
  stop(): void {
    this.active?.controller.abort();
  }

  private emit(event: TrainerEvent): void {
    this.deps.post({ type: 'trainer', event });
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

  private async run(
    active: NonNullable<typeof this.active>,
    raw: Record<string, string>,
    resumeId?: string,
  ): Promise<void> {
    let experiment: Experiment;
    try {
      const resume = resumeId
        ? decodeCheckpoint(await this.deps.store.load(resumeId), this.deps.store.describe(resumeId))
        : undefined;
      const config: ExperimentConfig = resume ? resumeConfig(resume.meta, raw) : newRunConfig(raw);
      const hardware = await this.deps.hardware();
      // The run trains on the worker's backend; record that one, not the CLI's default.
      config.backend = hardware.backend;
      experiment = new Experiment(config, {
        source: this.deps.source,
        store: this.deps.store,
        hardware,
        resume,
        signal: active.controller.signal,
        logEveryNSteps: 1,
        onEvent: (event) => {
          this.deps.post({ type: 'trainer', event });
          if (event.type === 'checkpointSaved' || event.type === 'checkpointRemoved') {
            void this.pushCheckpoints();
          }
        },
      });
    } catch (error) {
      this.emit({ type: 'error', message: errorMessage(error) });
      return;
    }
    active.experiment = experiment;
    try {
      const result = await experiment.run();
      await this.deps.onFinished(experiment, result);
    } catch {
      // Experiment.run already emitted the error event.
    } finally {
      experiment.dispose();
    }
  }
}
