/**
 * The base data module over in-memory uint8 ImageSets: subclasses only say how to load the
 * three splits; batching, shuffling and probing live here.
 */
import * as tf from '@tensorflow/tfjs';
import { type AugmentOptions, augmentBatch } from './augment';
import { hashSeed, permutation } from './rng';
import type { Batch, BatchOptions, DataConfig, DataModule, ImageSet, Split } from './types';

export const DEFAULT_BATCH_SIZE = 128;
const IMAGE_SIZE = 28;
/** Device copies are float32: 55,000 MNIST images take 172 MB, full EMNIST would take 2.2 GB. */
const MAX_DEVICE_BYTES = 256 * 1024 * 1024;

export interface ImageDataModuleOptions {
  /** Batch size the Trainer should use (the lab's --batch_size); batches() takes its own. */
  batchSize?: number;
  /** Augments the batches asked for with an augmentSeed (the Trainer's training batches). */
  augment?: AugmentOptions;
}

function checkCount(value: number, what: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${what} must be an integer >= ${min}, got ${value}.`);
  }
}

export abstract class ImageDataModule implements DataModule {
  abstract readonly name: string;
  readonly batchSize: number;
  readonly augment: AugmentOptions | undefined;
  private sets: Record<Split, ImageSet> | null = null;
  private readonly resident = new Map<Split, { images: tf.Tensor4D; labels: tf.Tensor1D }>();
  private loading: Promise<void> | null = null;

  protected constructor(
    private readonly mapping: readonly string[],
    options: ImageDataModuleOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    checkCount(this.batchSize, 'batchSize', 1);
    this.augment = options.augment;
  }

  /** Reads the train/val/test ImageSets (28x28, labels indexing `mapping`). */
  protected abstract load(): Promise<Record<Split, ImageSet>>;

  abstract prepareData(): Promise<void>;

  async setup(): Promise<void> {
    // One load however many callers; a failed load may be retried.
    this.loading ??= this.load().then(
      (sets) => {
        this.sets = sets;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    await this.loading;
  }

  config(): DataConfig {
    return {
      inputDims: [IMAGE_SIZE, IMAGE_SIZE, 1],
      outputDims: [this.mapping.length],
      mapping: [...this.mapping],
    };
  }

  size(split: Split): number {
    return this.set(split).count;
  }

  *batches(split: Split, options: BatchOptions): Generator<Batch> {
    const { augmentSeed } = options;
    if (this.augment === undefined || augmentSeed === undefined) {
      yield* this.plainBatches(split, options);
      return;
    }
    let b = 0;
    for (const batch of this.plainBatches(split, options)) {
      yield augmentBatch(batch, this.augment, hashSeed(augmentSeed, b++));
    }
  }

  private *plainBatches(split: Split, options: BatchOptions): Generator<Batch> {
    const set = this.set(split);
    if (options.onDevice && set.count * set.height * set.width * 4 <= MAX_DEVICE_BYTES) {
      yield* this.deviceBatches(split, set, options);
      return;
    }
    checkCount(options.batchSize, 'batchSize', 1);
    const order =
      options.shuffleSeed === undefined ? null : permutation(set.count, options.shuffleSeed);
    const numBatches = Math.ceil(set.count / options.batchSize);
    const limit = options.limitBatches ?? numBatches;
    checkCount(limit, 'limitBatches', 0);
    const pixels = set.height * set.width;
    for (let b = 0; b < Math.min(limit, numBatches); b++) {
      const start = b * options.batchSize;
      const n = Math.min(options.batchSize, set.count - start);
      const x = new Float32Array(n * pixels);
      const y = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const src = order ? order[start + i] : start + i;
        const row = src * pixels;
        for (let p = 0; p < pixels; p++) x[i * pixels + p] = set.images[row + p] / 255;
        y[i] = set.labels[src];
      }
      yield {
        x: tf.tensor4d(x, [n, set.height, set.width, 1]),
        y: tf.tensor1d(y, 'int32'),
        size: n,
      };
    }
  }

  /** Batches gathered from a device-resident copy of the split: only indices are uploaded. */
  private *deviceBatches(split: Split, set: ImageSet, options: BatchOptions): Generator<Batch> {
    let resident = this.resident.get(split);
    if (!resident) {
      const pixels = Float32Array.from(set.images, (v) => v / 255);
      resident = {
        images: tf.tensor4d(pixels, [set.count, set.height, set.width, 1]),
        labels: tf.tensor1d(Int32Array.from(set.labels), 'int32'),
      };
      this.resident.set(split, resident);
    }
    const order =
      options.shuffleSeed === undefined
        ? Uint32Array.from({ length: set.count }, (_, i) => i)
        : permutation(set.count, options.shuffleSeed);
    const numBatches = Math.ceil(set.count / options.batchSize);
    const limit = Math.min(options.limitBatches ?? numBatches, numBatches);
    const { images, labels } = resident;
    for (let b = 0; b < limit; b++) {
      const start = b * options.batchSize;
      const n = Math.min(options.batchSize, set.count - start);
      const batch = tf.tidy(() => {
        const indices = tf.tensor1d(Int32Array.from(order.subarray(start, start + n)), 'int32');
        return { x: tf.gather(images, indices), y: tf.gather(labels, indices) };
      });
      yield { ...batch, size: n };
    }
  }

  dispose(): void {
    for (const { images, labels } of this.resident.values()) tf.dispose([images, labels]);
    this.resident.clear();
  }

  example(split: Split, index: number): { image: Uint8Array; label: number } {
    const set = this.set(split);
    if (!Number.isInteger(index) || index < 0 || index >= set.count) {
      throw new Error(
        `${this.name} ${split} has ${set.count} examples; index ${index} is out of range.`,
      );
    }
    const pixels = set.height * set.width;
    return {
      image: set.images.slice(index * pixels, (index + 1) * pixels),
      label: set.labels[index],
    };
  }

  /** The loaded uint8 split itself (not a copy), for modules drawing on these images. */
  imageSet(split: Split): ImageSet {
    return this.set(split);
  }

  private set(split: Split): ImageSet {
    if (!this.sets) throw new Error(`${this.name}: call and await setup() before using the data.`);
    return this.sets[split];
  }
}
