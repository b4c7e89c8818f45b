import type { GlyphSource } from '../engine/data/dataFlags';
import type { EvalPhase, FinishReason, HardwareInfo, Metrics } from '../engine/events';
import type { ModelSummary } from '../engine/models/summary';
import type { RunRecord } from '../engine/runs/runRecord';
import type {
  AugmentPreview,
  BackendReport,
  CheckpointRecord,
  DatasetSummary,
  ErrorReport,
  LineImage,
  LineReading,
  Prediction,
  SampleImage,
  SweepState,
  UnreadableCheckpoint,
  WorkerMessage,
} from '../workers/protocol';
import type { UnreadableRun } from '../workers/runStore';
import type { StorageStatus } from './browserStorage';
import { emptySeries, type Series } from './series';

export type RunStatus = 'idle' | 'running' | 'paused' | 'finished' | 'error';

export type RunControl = 'pause' | 'stop';

export interface RunProgress {
  epoch: number;
  /** 1-based batch within the epoch, as a progress bar counts. */
  batch: number;
  batches: number;
  step: number;
  samplesPerSec: number;
  /** Seconds left for the remaining training steps; undefined until measurable. */
  etaSeconds?: number;
  /** 0-1 over every epoch of the run (a resumed run starts part-way). */
  fraction: number;
}

/** The validation or test loop going on now, with its own batch count and time left. */
export interface EvalProgress {
  phase: EvalPhase;
  epoch: number;
  /** Batches done. */
  batch: number;
  batches: number;
  /** When the loop started (its `at` stamp, moved on by pauses), for the ETA. */
  startedAt: number;
  etaSeconds?: number;
}

export interface ValidationPoint {
  epoch: number;
  loss?: number;
  /** A classification run's accuracy. */
  acc?: number;
  /** A CTC run's character error rate. */
  cer?: number;
}

export interface LogLine {
  id: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** Wall-clock bookkeeping for the ETA; times are the `at` stamps of the messages. */
export interface RunTiming {
  startedAt: number;
  epochStartedAt: number;
  pausedAt?: number;
  pausedMs: number;
}

export interface RunState {
  status: RunStatus;
  /** The flags the run was started with (from the form), for resuming it after a crash. */
  config?: Record<string, string>;
  /** The newest checkpoint this run saved (or resumed from): where a resume continues. */
  lastCheckpoint?: string;
  /** Why the run failed (status 'error'), as the page shows it. */
  error?: string;
  /** True once the worker reported the run's start (data and model ready). */
  started: boolean;
  runName?: string;
  hardware?: HardwareInfo;
  summary?: ModelSummary;
  maxEpochs: number;
  batchesPerEpoch: number;
  startStep: number;
  progress?: RunProgress;
  /** Set while the run validates or tests: the progress and the badge show that loop. */
  evaluation?: EvalProgress;
  /** Pause or Stop clicked, until the worker pauses or ends the run (after its current step). */
  requested?: RunControl;
  trainLoss: Series;
  learningRate: Series;
  validation: ValidationPoint[];
  testMetrics?: Metrics;
  testedCheckpoint?: string;
  finishReason?: FinishReason;
  log: LogLine[];
  nextLogId: number;
  timing?: RunTiming;
}

export interface LoadedModel {
  id: string;
  runName: string;
  mapping: string[];
  dataClass: string;
}

export interface UserMessage {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface TaskProgress {
  fraction?: number;
  message: string;
}

export interface StudioState {
  backend?: BackendReport;
  run: RunState;
  checkpoints: CheckpointRecord[];
  /** Stored records that could not be read, each with why (the panel offers to delete them). */
  unreadableCheckpoints: UnreadableCheckpoint[];
  loadedModel?: LoadedModel;
  datasets?: DatasetSummary[];
  /** Data panel grid, by dataset name. */
  samples: Record<string, SampleImage[]>;
  testSample?: SampleImage;
  /** The Playground's latest prediction for the drawing (cleared with the pad). */
  prediction?: Prediction;
  /** The loaded model's error analysis (cleared when another model is loaded). */
  errorReport?: ErrorReport;
  /** The Lines section's generated lines, or why the last ones could not be generated. */
  linePreviews?: LinePreviewResult;
  /** The Data panel's training images before and after augmentation, or why not. */
  augmentPreview?: AugmentPreviewResult;
  /** The loaded line model's reading of the line pad (cleared with the pad or a new model). */
  lineReading?: LineReading;
  /** Long work in the worker (loading data, importing files), by task name. */
  tasks: Record<string, TaskProgress>;
  messages: UserMessage[];
  nextMessageId: number;
  /** The browser storage the studio uses, read after every change to the checkpoints. */
  storage?: StorageStatus;
  /** Recorded runs, newest first (the Runs view). */
  runs: RunRecord[];
  /** Stored run records that could not be read, each with why. */
  unreadableRuns: UnreadableRun[];
  /** The sweep this page started, as the worker last reported it. */
  sweep?: SweepState;
}

/** Everything the store reduces: streamed worker messages, and the results of requests. */
export type StudioAction =
  | { type: 'worker'; message: Exclude<WorkerMessage, { type: 'reply' }>; at: number }
  | { type: 'startRequested'; config: Record<string, string>; resumeId?: string }
  | { type: 'runControl'; control: RunControl }
  | { type: 'backend'; report: BackendReport }
  | { type: 'datasets'; list: DatasetSummary[] }
  | { type: 'datasetImported'; dataset: DatasetSummary }
  | { type: 'modelLoaded'; model: LoadedModel }
  | { type: 'prediction'; prediction?: Prediction }
  | { type: 'testSample'; sample: SampleImage }
  | { type: 'samples'; dataset: string; samples: SampleImage[] }
  | { type: 'errorReport'; report: ErrorReport }
  | { type: 'linePreviews'; result: LinePreviewResult }
  | { type: 'augmentPreview'; result: AugmentPreviewResult }
  | { type: 'lineReading'; reading?: LineReading }
  | { type: 'notice'; kind: UserMessage['kind']; text: string }
  | { type: 'dismiss'; id: number }
  | { type: 'storage'; status: StorageStatus }
  | { type: 'runs'; runs: RunRecord[]; unreadable: UnreadableRun[] }
  | { type: 'runDeleted'; id: string };

/** Lines drawn from `glyphs`, or the error that replaced them (no stale lines stay shown). */
export type AugmentPreviewResult =
  | ({ dataset: string } & AugmentPreview)
  | { dataset: string; error: string };

export type LinePreviewResult =
  | { glyphs: GlyphSource; lines: LineImage[] }
  | { glyphs: GlyphSource; error: string };

export const LOG_CAP = 400;

export const initialRun: RunState = {
  status: 'idle',
  started: false,
  maxEpochs: 0,
  batchesPerEpoch: 0,
  startStep: 0,
  trainLoss: emptySeries,
  learningRate: emptySeries,
  validation: [],
  log: [],
  nextLogId: 0,
};

export const initialState: StudioState = {
  run: initialRun,
  checkpoints: [],
  unreadableCheckpoints: [],
  samples: {},
  tasks: {},
  messages: [],
  nextMessageId: 0,
  runs: [],
  unreadableRuns: [],
};
