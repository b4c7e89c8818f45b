import type { ExperimentConfig } from '../config';
import type { HardwareInfo, TrainerEvent } from '../events';
import { appendLoss } from './lossBuckets';
import { type EpochRecord, RUN_LOG_CAP, RUN_RECORD_VERSION, type RunRecord } from './runRecord';

function hardwareOf({ backend, threads, description }: HardwareInfo): HardwareInfo {
  return threads === undefined ? { backend, description } : { backend, threads, description };
}

export interface RunRecorderOptions {
  config: ExperimentConfig;
  inklabVersion: string;
  datasets?: Record<string, string>;
  /** The run's earlier record: a resumed run goes on in it. */
  previous?: RunRecord;
  now?: () => number;
}

/**
 * Folds a run's Trainer events into its RunRecord. `changed` says whether the record moved on
 * since the last `take`, so the caller stores it only when there is something new.
 */
export class RunRecorder {
  private record?: RunRecord;
  private dirty = false;
  /** The latest step's learning rate, recorded with its epoch. */
  private lr?: number;
  private readonly now: () => number;

  constructor(private readonly options: RunRecorderOptions) {
    this.now = options.now ?? Date.now;
  }

  get current(): RunRecord | undefined {
    return this.record;
  }

  get changed(): boolean {
    return this.dirty;
  }

  /** The record as it is now, marked as stored. */
  take(): RunRecord | undefined {
    this.dirty = false;
    return this.record;
  }

  handle(event: TrainerEvent): void {
    if (event.type === 'runStarted') {
      this.start(event);
      return;
    }
    const record = this.record;
    if (!record) return;
    const ms = this.now() - record.startedAt;
    switch (event.type) {
      case 'step':
        if (event.loss !== undefined) appendLoss(record.trainLoss, event.step, ms, event.loss);
        record.samplesPerSec = event.samplesPerSec;
        this.lr = event.lr;
        break;
      case 'epochEnd': {
        const entry = this.epoch(event.epoch, event.step, ms);
        entry.metrics = { ...entry.metrics, ...event.metrics };
        if (this.lr !== undefined) entry.metrics.lr = this.lr;
        break;
      }
      case 'validation': {
        const entry = this.epoch(event.epoch, event.step, ms);
        entry.metrics = { ...entry.metrics, ...event.metrics };
        break;
      }
      case 'test':
        record.test = event.metrics;
        break;
      case 'checkpointSaved':
        if (!record.checkpoints.includes(event.id)) record.checkpoints.push(event.id);
        break;
      case 'checkpointRemoved':
        record.checkpoints = record.checkpoints.filter((id) => id !== event.id);
        break;
      case 'log':
        this.log(event.level, event.message);
        break;
      case 'finished':
        record.status = event.reason;
        record.endedAt = this.now();
        if (event.message) record.message = event.message;
        break;
      case 'error':
        record.status = 'error';
        record.endedAt = this.now();
        record.message = event.message;
        this.log('error', event.message);
        break;
      default:
        return;
    }
    this.dirty = true;
  }

  private start(event: Extract<TrainerEvent, { type: 'runStarted' }>): void {
    const { config, previous } = this.options;
    const base: RunRecord = previous?.id === event.runName ? previous : this.fresh(event.runName);
    // A resumed run drops what its earlier attempt recorded after the checkpoint it resumed.
    const epochs = base.epochs.filter((e) => e.epoch < event.startEpoch);
    this.record = {
      ...base,
      // Unset optional flags are left out, as JSON would drop them.
      config: Object.fromEntries(
        Object.entries(config).filter(([, value]) => value !== undefined),
      ) as RunRecord['config'],
      // Only what every backend's hardware has: the page's carries its fallbacks too.
      hardware: hardwareOf(event.hardware),
      status: 'running',
      endedAt: undefined,
      message: undefined,
      maxEpochs: event.maxEpochs,
      batchesPerEpoch: event.batchesPerEpoch,
      trainLoss: base.trainLoss.filter(([step]) => step <= event.startStep),
      epochs,
      test: undefined,
    };
    this.dirty = true;
  }

  private fresh(runName: string): RunRecord {
    return {
      version: RUN_RECORD_VERSION,
      id: runName,
      name: runName,
      tags: [],
      origin: 'studio',
      config: {},
      inklabVersion: this.options.inklabVersion,
      datasets: this.options.datasets ?? {},
      startedAt: this.now(),
      status: 'running',
      maxEpochs: 0,
      batchesPerEpoch: 0,
      trainLoss: [],
      epochs: [],
      checkpoints: [],
      log: [],
    };
  }

  private epoch(epoch: number, step: number, ms: number): EpochRecord {
    const epochs = (this.record as RunRecord).epochs;
    let entry = epochs.find((e) => e.epoch === epoch);
    if (!entry) {
      entry = { epoch, step, ms, metrics: {} };
      epochs.push(entry);
    }
    entry.step = Math.max(entry.step, step);
    entry.ms = ms;
    return entry;
  }

  private log(level: RunRecord['log'][number]['level'], text: string): void {
    const log = (this.record as RunRecord).log;
    log.push({ level, text: text.slice(0, 4000) });
    if (log.length > RUN_LOG_CAP) log.splice(0, log.length - RUN_LOG_CAP);
  }
}
