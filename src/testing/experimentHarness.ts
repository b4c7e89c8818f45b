import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checkpoint } from '../engine/checkpoint/format';
import { type ExperimentConfig, newRunConfig } from '../engine/config';
import type { DatasetSource } from '../engine/data/types';
import type { TrainerEvent } from '../engine/events';
import { Experiment } from '../engine/experiment';
import { FileCheckpointStore } from '../node/fileCheckpointStore';
import { FileDatasetSource } from '../node/fileDatasetSource';

export const defaultDatasets = (): DatasetSource => new FileDatasetSource('public/datasets');

/** A config from CLI-style flags, exactly as run-experiment would parse them. */
export const experimentConfig = (flags: Record<string, string>): ExperimentConfig =>
  newRunConfig(flags);

export interface HarnessOptions {
  source?: DatasetSource;
  resume?: Checkpoint;
  initFrom?: Checkpoint;
  store?: FileCheckpointStore;
  signal?: AbortSignal;
  onEvent?: (event: TrainerEvent, experiment: Experiment) => void;
}

/** An Experiment writing checkpoints to a fresh temp folder, recording every event. */
export function createTestExperiment(flags: Record<string, string>, options: HarnessOptions = {}) {
  const events: TrainerEvent[] = [];
  const store =
    options.store ?? new FileCheckpointStore(mkdtempSync(join(tmpdir(), 'inklab-ckpt-')));
  const experiment: Experiment = new Experiment(experimentConfig(flags), {
    source: options.source ?? defaultDatasets(),
    store,
    hardware: { backend: 'wasm', description: 'wasm (test)' },
    resume: options.resume,
    initFrom: options.initFrom,
    logEveryNSteps: 1,
    signal: options.signal,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event, experiment);
    },
  });
  return { experiment, events, store };
}

export function stepLosses(events: TrainerEvent[]): Map<number, number> {
  const losses = new Map<number, number>();
  for (const e of events) if (e.type === 'step' && e.loss !== undefined) losses.set(e.step, e.loss);
  return losses;
}
