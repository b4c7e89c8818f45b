/**
 * The one contract between the page and the training worker. Commands travel page -> worker,
 * messages worker -> page; requests that answer carry a requestId and get exactly one reply.
 * Large binary payloads travel as transferable ArrayBuffers (no copies).
 */
import type { BackendName } from '../engine/backends/initBackend';
import type { AugmentOptions } from '../engine/data/augment';
import type { HardwareInfo, Metrics, TrainerEvent } from '../engine/events';
import type { ErrorAnalysis, Misclassified } from '../engine/metrics/errorAnalysis';
import type { RunRecord } from '../engine/runs/runRecord';
import type { SweepRequest } from '../engine/sweep/planSweep';
import type { TrialParams } from '../engine/sweep/sweepPlan';
import type { Ranking, TrialResult } from '../engine/sweep/sweepResults';
import type { RunListing } from './runStore';

/** What the worker tried before the backend it uses, and why each failed. */
export interface BackendReport extends HardwareInfo {
  fallbacks: { backend: BackendName; reason: string }[];
  /** The WebGPU adapter's `info` when the backend is webgpu. */
  adapter?: { vendor: string; architecture: string; isFallbackAdapter?: boolean };
  /** How an auto run chose its backend: each one that started, timed on the run's model. */
  measurement?: BackendMeasurement;
}

/** The `progress` task of an auto run's start while it times the backends. */
export const MEASURE_TASK = 'measureBackends';

/** One backend's training speed on a run's model (backendMeasure.ts). */
export interface MeasuredBackend {
  backend: BackendName;
  /** The name to show: "webgpu (software)" for a fallback adapter. */
  label: string;
  samplesPerSec: number;
  /** Timed steps (after a warm-up step). */
  steps: number;
  fallbackAdapter: boolean;
}

export interface BackendMeasurement {
  /** The model the numbers are for (modelShapeKey of the run's config). */
  model: string;
  /** Fastest first; the first is the backend chosen. */
  results: MeasuredBackend[];
  /** Read from this browser's cache for the same model and device: nothing was timed. */
  cached: boolean;
}

/** A checkpoint as listed in the Checkpoints panel (stored in IndexedDB). */
export interface CheckpointRecord {
  id: string;
  runName: string;
  epoch: number;
  step: number;
  metrics: Metrics;
  bytes: number;
  createdAt: string;
  /** The run's max_epochs: it has ended when epoch + 1 reaches it. */
  maxEpochs: number;
  modelClass: string;
  dataClass: string;
  /** The run's test metrics, when the run was tested on this checkpoint (its best). */
  testMetrics?: Metrics;
}

/** A stored record that fails the record schema: skipped when listing, reported with why. */
export interface UnreadableCheckpoint {
  /** The stored key as text, to show (it may be no checkpoint id at all). */
  id: string;
  /** The stored key exactly as IndexedDB holds it: what deleteUnreadableCheckpoint takes. */
  key: IDBValidKey;
  reason: string;
}

export interface CheckpointListing {
  list: CheckpointRecord[];
  unreadable: UnreadableCheckpoint[];
}

export interface DatasetSummary {
  name: string;
  splits: Record<string, number>;
  mapping: string[];
  /** Where it came from: built into the app, or imported by the user into this browser. */
  origin: 'bundled' | 'imported';
}

export interface Prediction {
  /** Top classes, most probable first. */
  top: { label: string; index: number; probability: number }[];
}

/** Training images as they are and as --augment draws them, in the same order. */
export interface AugmentPreview {
  before: SampleImage[];
  after: SampleImage[];
}

export interface SampleImage {
  /** 28x28 uint8, upright, ink 255. */
  image: Uint8Array;
  label: string;
  index: number;
  prediction?: Prediction;
}

/** A test example the model got wrong, with the 28x28 image it read (uint8, ink 255). */
export interface MisclassifiedImage extends Misclassified {
  image: Uint8Array;
}

/** The engine's error analysis of the loaded model, with images for the gallery. */
export interface ErrorReport extends Omit<ErrorAnalysis, 'misclassified'> {
  /** The checkpoint id of the analyzed model. */
  modelId: string;
  runName: string;
  dataClass: string;
  misclassified: MisclassifiedImage[];
}

/** EMNISTLines generation parameters (the data flags of the same names). */
export interface LinePreviewParams {
  count: number;
  glyph_source?: 'EMNIST' | 'MNIST';
  min_overlap?: number;
  max_overlap?: number;
}

/** A generated line: 28x896 uint8 (ink 255) and the text drawn in it. */
export interface LineImage {
  image: Uint8Array;
  text: string;
}

/** One recognized character of a line with the model's top classes at its position. */
export interface LinePosition {
  /** The window (LineCNNSimple) or time step (CTC) that produced the character. */
  step: number;
  char: string;
  top: Prediction['top'];
}

export interface LineReading {
  text: string;
  positions: LinePosition[];
  /** How the outputs were read: one class per window, or CTC greedy decoding. */
  decoding: 'windows' | 'ctc';
}

/** A studio sweep: the Train form's flags fixed, the swept ones as text, median pruning or not. */
export interface SweepSettings extends SweepRequest, Ranking {
  fixed: Record<string, string>;
  prune: boolean;
}

/** A sweep as it goes: every trial planned, the results so far (the last one may be training). */
export interface SweepState extends Ranking {
  name: string;
  dataClass: string;
  swept: string[];
  method: 'grid' | 'random';
  trials: TrialParams[];
  results: TrialResult[];
  prune: boolean;
  status: 'running' | 'finished' | 'stopped';
  /** The best finished trial's index. */
  best?: number;
}

/** A checkpoint's downloads: the .ckpt, a tfjs layers model or the PyTorch export (zips), ONNX. */
export type ExportFormat = 'ckpt' | 'tfjs' | 'pytorch' | 'onnx';

/** Page -> worker requests, each answered by a reply with the matching result type. */
export interface Requests {
  init: { params: { preferred?: BackendName }; result: BackendReport };
  listDatasets: { params: Record<string, never>; result: DatasetSummary[] };
  listCheckpoints: { params: Record<string, never>; result: CheckpointListing };
  /** Loads a checkpoint for prediction (Playground). */
  loadModel: { params: { id: string }; result: { id: string; runName: string; mapping: string[] } };
  predict: { params: { image: Float32Array; topK?: number }; result: Prediction };
  /** A test image (random when index is absent) with the loaded model's prediction, if any. */
  testSample: { params: { dataClass: string; index?: number }; result: SampleImage };
  /** Sample images per class for the Data panel grid. */
  classSamples: { params: { dataClass: string; perClass: number }; result: SampleImage[] };
  /** The first training images before and after one augmentation draw (the Data panel). */
  augmentPreview: {
    params: { dataClass: string; count: number; options: AugmentOptions; seed: number };
    result: AugmentPreview;
  };
  deleteCheckpoint: { params: { id: string }; result: null };
  /**
   * Deletes a record the listing reported unreadable, by its stored key as listed (which may be
   * no checkpoint id, so deleteCheckpoint refuses it); a readable record is refused.
   */
  deleteUnreadableCheckpoint: { params: { key: IDBValidKey }; result: null };
  /** Bytes for a download the page starts: the .ckpt file, or one .zip of the tfjs model. */
  exportCheckpoint: {
    params: { id: string; format: ExportFormat };
    result: { files: { name: string; mime: string; bytes: ArrayBuffer }[] };
  };
  /** Stores the file; one already stored (same bytes) is not stored again: alreadyStored. */
  importCheckpoint: {
    params: { name: string; bytes: ArrayBuffer };
    result: { record: CheckpointRecord; alreadyStored: boolean };
  };
  /** Error analysis of the loaded model on its data class's test split. */
  analyzeErrors: { params: { split?: 'test' }; result: ErrorReport };
  /** A few EMNISTLines lines (test split of a small generated set) for the Lines section. */
  linePreview: { params: LinePreviewParams; result: LineImage[] };
  /** Reads a 28x896 line in [0, 1] (ink 1) with the loaded line model. */
  predictLine: { params: { image: Float32Array }; result: LineReading };
  /** Official EMNIST files (a gzip.zip or the byclass .gz files) parsed and kept in this browser. */
  /** Every stored run record, newest first, and those that could not be read. */
  listRuns: { params: Record<string, never>; result: RunListing };
  /** Renames or retags a run (its name in checkpoints and logs stays). */
  updateRun: { params: { id: string; name?: string; tags?: string[] }; result: RunRecord };
  /** A CLI run's logs (metrics.csv, hparams.yaml) as a run record; one already stored is kept. */
  importRun: {
    params: { metricsCsv: string; hparamsYaml?: string; modifiedAt: number };
    result: { record: RunRecord; alreadyStored: boolean };
  };
  /** Deletes a run record the listing could not read, by its stored key as listed. */
  deleteUnreadableRun: { params: { key: IDBValidKey }; result: RunListing };
  /** Deletes a run's record, and its stored checkpoints when asked. */
  deleteRun: { params: { id: string; withCheckpoints: boolean }; result: null };
  importEmnist: {
    params: { files: { name: string; bytes: ArrayBuffer }[] };
    result: DatasetSummary;
  };
}

export type RequestType = keyof Requests;

export type WorkerCommand =
  | {
      [K in RequestType]: { type: K; requestId: number; params: Requests[K]['params'] };
    }[RequestType]
  /** Starts a run; progress arrives as `trainer` messages. resumeId continues a stored checkpoint. */
  | { type: 'start'; config: Record<string, string>; resumeId?: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** Runs a sweep's trials one after another; its state arrives as `sweep` messages. */
  | { type: 'startSweep'; sweep: SweepSettings }
  /** Faults on purpose for the e2e tests; honoured only by a worker started with test hooks. */
  | { type: 'testHook'; hook: TestHook };

/**
 * 'crash': an uncaught error; 'hang': an endless loop, so the worker stops answering;
 * 'loseDevice': destroys the WebGPU device.
 */
export type TestHook = 'crash' | 'hang' | 'loseDevice';

/** The worker's name when the page allows test hooks (`?testHooks=1`): its hooks work then. */
export const TEST_HOOKS_WORKER_NAME = 'inklab-trainer-test-hooks';

export type WorkerMessage =
  | { type: 'reply'; requestId: number; ok: true; result: unknown }
  | { type: 'reply'; requestId: number; ok: false; error: string }
  | { type: 'trainer'; event: TrainerEvent }
  /** A run's record, stored after it changed (the Runs view updates that row). */
  | { type: 'run'; record: RunRecord }
  /** A sweep's state, after each trial's start and validation and at its end. */
  | { type: 'sweep'; sweep: SweepState }
  /** Pushed whenever the stored checkpoints change (saved, removed, imported, deleted). */
  | { type: 'checkpoints'; list: CheckpointRecord[]; unreadable?: UnreadableCheckpoint[] }
  /** The model the Playground predicts with changed (loaded on request, or after a run). */
  | {
      type: 'modelLoaded';
      model: { id: string; runName: string; mapping: string[]; dataClass: string };
    }
  /** The worker changed backend on its own (its GPU device was lost): the new one. */
  | { type: 'backend'; report: BackendReport }
  /** Progress of long work (dataset import, error analysis, loading a model) for the page. */
  | { type: 'progress'; task: string; fraction?: number; message: string }
  /** A failure outside a request's reply, shown as an alert: what went wrong and what to do. */
  | { type: 'error'; task: string; message: string }
  /**
   * Not sent by the worker: the client's word that the worker died (an uncaught error, or it
   * stopped answering). Pending requests were rejected with `reason`; a fresh worker runs.
   */
  | { type: 'crashed'; reason: string };

/**
 * The worker's word that it is alive, posted from a timer: it arrives only while the worker's
 * event loop turns. The client keeps it to itself (subscribers never see it).
 */
export interface Heartbeat {
  type: 'heartbeat';
}

/** How often the worker posts a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * How long the page waits without a word from the worker before it counts it as hung. The
 * worker yields only between (micro-)batches, and one micro-batch of the lab's LineCNN on wasm
 * takes many seconds on a small CPU, so the limit sits far above that: a false alarm would kill
 * a healthy run, a late one only delays the message.
 */
export const WORKER_SILENCE_TIMEOUT_MS = 120_000;

export type ControlCommand = Extract<
  WorkerCommand,
  { type: 'start' | 'pause' | 'resume' | 'stop' | 'startSweep' | 'testHook' }
>;

/** The page's typed handle on the worker (src/workers/workerClient.ts implements it). */
export interface WorkerClient {
  /** Sends a request; rejects with the worker's error message when it fails. */
  request<K extends RequestType>(
    type: K,
    params: Requests[K]['params'],
    transfer?: Transferable[],
  ): Promise<Requests[K]['result']>;
  send(command: ControlCommand): void;
  /** Every message from the worker; returns the unsubscribe function. */
  subscribe(listener: (message: WorkerMessage) => void): () => void;
  terminate(): void;
}
