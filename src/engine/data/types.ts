import type * as tf from '@tensorflow/tfjs';

export type Split = 'train' | 'val' | 'test';

/** Images kept as uint8 in memory (row-major, upright, ink 255 on 0) with one label per image. */
export interface ImageSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

/** What a data module tells the model about its data, as in the lab's `config()`. */
export interface DataConfig {
  /** Input shape without the batch axis, channels last: [28, 28, 1]. */
  inputDims: number[];
  /** Output shape without the batch axis: [numClasses] (or [length, numClasses] for lines). */
  outputDims: number[];
  /** Class index -> token. */
  mapping: string[];
}

/** One batch as float32 tensors: x scaled to [0, 1], y as int32 class indices. The caller disposes. */
export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor;
  size: number;
}

export interface BatchOptions {
  batchSize: number;
  /** Shuffle with this seed (a new order per seed); no shuffling when absent. */
  shuffleSeed?: number;
  /** Yield at most this many batches. */
  limitBatches?: number;
  /**
   * Augment the batches with this seed (one stream per batch), where the module was configured
   * to augment; the Trainer gives one per training epoch.
   */
  augmentSeed?: number;
  /**
   * Keep the split on the device and gather batches there (cheaper on WebGPU and WebGL than
   * uploading every batch). Splits too large for that still upload per batch.
   */
  onDevice?: boolean;
}

/** The Lightning-style data module contract shared by every dataset. */
export interface DataModule {
  readonly name: string;
  /** Make sure the data exists (read files, build caches). Idempotent. */
  prepareData(): Promise<void>;
  /** Load and split into train/val/test. Idempotent. */
  setup(): Promise<void>;
  config(): DataConfig;
  size(split: Split): number;
  batches(split: Split, options: BatchOptions): Generator<Batch>;
  /** The raw uint8 image and label of one example, for galleries and probing. */
  example(split: Split, index: number): { image: Uint8Array; label: number };
  /** Frees tensors the module keeps on the device. */
  dispose?(): void;
  /** Line modules, after setup: the token sequences of the training lines (for language models). */
  trainingLines?(): number[][];
}

/** Reads dataset files by path relative to the datasets root (public/datasets in the app). */
export interface DatasetSource {
  /**
   * The file's bytes. `expectedBytes` is the size the manifest lists: a source that can learn a
   * file's size before reading it refuses any other size unread.
   */
  read(path: string, expectedBytes?: number): Promise<Uint8Array>;
  /** A human-readable location for error messages. */
  describe(path: string): string;
  /**
   * How a user adds a dataset this source lacks, where that is not the CLI's `npm run
   * datasets` (the studio imports EMNIST in its own Data panel); undefined: the CLI's way.
   */
  howToAdd?(dataset: string): string | undefined;
}
