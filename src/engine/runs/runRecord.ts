/**
 * One run's history as the Runs view lists, compares and re-runs it: what started it (config,
 * seed inside it, data checksums, Inklab version, backend), how it went (train loss per step,
 * metrics per epoch, test metrics, log) and how it ended. Stored records are checked with this
 * schema before use: IndexedDB and imported files may hold anything.
 */
import * as v from 'valibot';
import { configSchema, integer, metricsSchema, runNameSchema, text } from '../checkpoint/schema';
import type { FinishReason, HardwareInfo, Metrics } from '../events';
import { parseWith, type SchemaProblem } from '../schemaIssue';
import type { LossBucket } from './lossBuckets';

export const RUN_RECORD_VERSION = 1;

/** A record still 'running' when no run trains belonged to a page that closed mid-run. */
export type RunOutcome = 'running' | FinishReason | 'error';

export interface EpochRecord {
  epoch: number;
  /** Global step at the epoch's end. */
  step: number;
  /** Milliseconds since the run started. */
  ms: number;
  /** Train epoch metrics, validation metrics and the learning rate (`lr`) of the epoch. */
  metrics: Metrics;
}

export interface RunLogLine {
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface RunRecord {
  version: typeof RUN_RECORD_VERSION;
  /** The run name: checkpoints and logs carry it. */
  id: string;
  /** What the Runs view shows; the run name until renamed. */
  name: string;
  tags: string[];
  origin: 'studio' | 'imported';
  config: Record<string, string | number | boolean | null>;
  inklabVersion: string;
  /** SHA-256 of each dataset file the run read, by file name, when known. */
  datasets: Record<string, string>;
  hardware?: HardwareInfo;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt?: number;
  status: RunOutcome;
  message?: string;
  maxEpochs: number;
  batchesPerEpoch: number;
  /** The latest measured training speed. */
  samplesPerSec?: number;
  trainLoss: LossBucket[];
  epochs: EpochRecord[];
  test?: Metrics;
  checkpoints: string[];
  log: RunLogLine[];
}

export const RUN_LOG_CAP = 400;
/** An imported log file (metrics.csv, hparams.yaml): far above any run's; checked before reading. */
export const LOG_FILE_MAX_BYTES = 64e6;
const MAX_TAGS = 32;
const MAX_EPOCHS = 100_000;
const MAX_BUCKETS = 100_000;
const MAX_CHECKPOINTS = 10_000;
const MAX_DATASET_FILES = 64;

const finiteNumber = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));
const lossNumber = v.union([v.number(), v.nan()], 'must be a number');

/** How the Runs view words each outcome; a new finish reason must be worded here. */
export const OUTCOME_TEXT: Record<RunOutcome, string> = {
  running: 'Running',
  completed: 'Completed',
  stopped: 'Stopped',
  earlyStopping: 'Stopped early',
  diverged: 'Diverged',
  pruned: 'Pruned',
  error: 'Failed',
};
const outcomes = Object.keys(OUTCOME_TEXT) as RunOutcome[];

const runRecordSchema = v.strictObject(
  {
    version: v.literal(RUN_RECORD_VERSION, `must be ${RUN_RECORD_VERSION}`),
    id: runNameSchema,
    name: text(1, 200),
    tags: v.pipe(v.array(text(1, 40), 'must be a list of tags'), v.maxLength(MAX_TAGS)),
    origin: v.picklist(['studio', 'imported'], 'must be studio or imported'),
    config: configSchema,
    inklabVersion: text(0, 40),
    datasets: v.pipe(
      v.record(text(1, 200), text(0, 128), 'must be an object of file checksums'),
      v.check((r) => Object.keys(r).length <= MAX_DATASET_FILES, 'has too many files'),
    ),
    hardware: v.optional(
      v.strictObject({
        backend: text(1, 40),
        threads: v.optional(integer(1024)),
        description: text(0, 400),
      }),
    ),
    startedAt: finiteNumber,
    endedAt: v.optional(finiteNumber),
    status: v.picklist(outcomes, `must be one of ${outcomes.join(', ')}`),
    message: v.optional(text(0, 4000)),
    maxEpochs: integer(MAX_EPOCHS),
    batchesPerEpoch: integer(),
    samplesPerSec: v.optional(finiteNumber),
    trainLoss: v.pipe(
      v.array(
        v.tuple(
          [finiteNumber, finiteNumber, lossNumber, lossNumber, lossNumber, finiteNumber],
          'must be [step, ms, mean, min, max, count]',
        ),
        'must be a list of loss buckets',
      ),
      v.maxLength(MAX_BUCKETS),
    ),
    epochs: v.pipe(
      v.array(
        v.strictObject(
          { epoch: integer(), step: integer(), ms: finiteNumber, metrics: metricsSchema },
          'must be {epoch, step, ms, metrics}',
        ),
        'must be a list of epochs',
      ),
      v.maxLength(MAX_EPOCHS),
    ),
    test: v.optional(metricsSchema),
    checkpoints: v.pipe(v.array(text(1, 300)), v.maxLength(MAX_CHECKPOINTS)),
    log: v.pipe(
      v.array(
        v.strictObject({
          level: v.picklist(['info', 'warn', 'error']),
          text: text(0, 4000),
        }),
      ),
      v.maxLength(RUN_LOG_CAP),
    ),
  },
  'must be a run record',
);

/** A record read back from storage or a file, checked; `fail` gets the first problem. */
export function parseRunRecord(value: unknown, fail: (problem: SchemaProblem) => never): RunRecord {
  return parseWith(runRecordSchema, value, 'run', fail) as RunRecord;
}
