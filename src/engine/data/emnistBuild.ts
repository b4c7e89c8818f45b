/**
 * Turns official EMNIST ByClass IDX files into the lab's train/val/test ImageSets: upright
 * images, 83-token labels, optional class balancing and seeded splits. Pure functions, so the
 * same code runs in the CLI and (for user-imported files) in the browser.
 */

import { DatasetFileError } from './datasetFileError';
import { emnistLabelToToken, NUM_EMNIST_CLASSES } from './emnistMapping';
import { idxImageDims, idxLabelDims, idxMaxBytes, parseIdx } from './idx';
import { labelCounts, splitIndices, subsetImageSet } from './imageSet';
import { createRng, hashSeed } from './rng';
import type { ImageSet } from './types';

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export interface EmnistFilePair {
  images: NamedBytes;
  labels: NamedBytes;
}

/** The official files; `train` is absent when only the test split is available. */
export interface EmnistSourceFiles {
  train?: EmnistFilePair;
  test: EmnistFilePair;
}

export interface EmnistBuildOptions {
  /** Cap each class of the training data at the mean class count. */
  balance: boolean;
  seed: number;
  onProgress?: (message: string) => void;
}

export interface EmnistSplits {
  train: ImageSet;
  val: ImageSet;
  test: ImageSet;
  /** How the splits were made, for the manifest. */
  description: string;
}

export const DEFAULT_EMNIST_SEED = 42;
/** The lab's train fraction of the official train file (the rest is validation). */
export const TRAIN_FRACTION = 0.8;
/** Train/val fractions when only the official test split is available (the rest is test). */
export const TEST_ONLY_FRACTIONS = [0.6, 0.2] as const;
const IMAGE_SIZE = 28;
/** ByClass train holds 697,932 images: room for a re-release, not for a bomb. */
export const MAX_EMNIST_IMAGES = 800_000;
export const EMNIST_IMAGE_DIMS = idxImageDims(MAX_EMNIST_IMAGES, IMAGE_SIZE, IMAGE_SIZE);
export const EMNIST_LABEL_DIMS = idxLabelDims(MAX_EMNIST_IMAGES);

/**
 * The most bytes an official file may hold, gzipped or not: its largest IDX plus what gzip
 * adds to data it cannot compress (a header, 5 bytes per stored block, a trailer).
 */
export function maxEmnistFileBytes(kind: 'images' | 'labels'): number {
  const raw = idxMaxBytes(kind === 'images' ? EMNIST_IMAGE_DIMS : EMNIST_LABEL_DIMS);
  return raw + Math.ceil(raw / 1000) + 4096;
}
/** Separate random stream for balancing, so toggling it never changes the split order. */
const BALANCE_STREAM = 0xba1a;

/** Swaps rows and columns of every image: NIST stores EMNIST characters transposed. */
export function transposeImages(images: Uint8Array, count: number, size: number): Uint8Array {
  const pixels = size * size;
  const out = new Uint8Array(count * pixels);
  for (let n = 0; n < count; n++) {
    const base = n * pixels;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) out[base + r * size + c] = images[base + c * size + r];
    }
  }
  return out;
}

/** Parses and checks one official images/labels pair, returning upright images with token labels. */
export function decodeEmnistPair(pair: EmnistFilePair): ImageSet {
  const images = parseIdx(pair.images.bytes, pair.images.name, EMNIST_IMAGE_DIMS);
  const labels = parseIdx(pair.labels.bytes, pair.labels.name, EMNIST_LABEL_DIMS);
  const [count, height, width] = images.dims;
  if (height !== IMAGE_SIZE || width !== IMAGE_SIZE) {
    throw new DatasetFileError(
      pair.images.name,
      'rows',
      `${pair.images.name} holds an array of shape [${images.dims.join(', ')}], expected ` +
        `[count, ${IMAGE_SIZE}, ${IMAGE_SIZE}] images. Is it an emnist-byclass-*-images-idx3-ubyte file?`,
    );
  }
  if (labels.dims[0] !== count) {
    throw new DatasetFileError(
      pair.labels.name,
      'count',
      `${pair.labels.name} holds shape [${labels.dims.join(', ')}] but ${pair.images.name} has ` +
        `${count} images: the labels file must hold exactly one label per image. ` +
        'Use the images and labels files of the same split.',
    );
  }
  const tokens = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i];
    if (label >= NUM_EMNIST_CLASSES) {
      throw new DatasetFileError(
        pair.labels.name,
        `labels[${i}]`,
        `${pair.labels.name}: label ${label} at index ${i} is not a ByClass label (0..${NUM_EMNIST_CLASSES - 1}). ` +
          'Use the emnist-byclass files, not another EMNIST split.',
      );
    }
    tokens[i] = emnistLabelToToken(label);
  }
  return {
    images: transposeImages(images.data, count, IMAGE_SIZE),
    labels: tokens,
    count,
    height: IMAGE_SIZE,
    width: IMAGE_SIZE,
  };
}

/**
 * Keeps at most the mean class count (over the classes present) of each class, choosing the
 * kept examples at random with `seed`; kept examples stay in their original order.
 */
export function balanceClasses(set: ImageSet, seed: number): ImageSet {
  const counts = labelCounts(set.labels);
  const present = counts.filter((c) => c > 0).length;
  if (present === 0) return set;
  const cap = Math.floor(set.count / present);
  const byClass: number[][] = counts.map(() => []);
  set.labels.forEach((label, i) => {
    byClass[label].push(i);
  });
  const rng = createRng(seed);
  const kept: number[] = [];
  for (const indices of byClass) {
    // Partial Fisher–Yates: the first `cap` slots become a uniform sample without replacement.
    const take = Math.min(cap, indices.length);
    for (let i = 0; i < take; i++) {
      const j = i + rng.nextInt(indices.length - i);
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    for (let i = 0; i < take; i++) kept.push(indices[i]);
  }
  return subsetImageSet(set, Uint32Array.from(kept).sort());
}

/** Refuses splits with no examples: too few images in `source` to train, validate and test. */
function nonEmpty(splits: EmnistSplits, source: NamedBytes, count: number): EmnistSplits {
  const empty = (['train', 'val', 'test'] as const).filter((s) => splits[s].count === 0);
  if (empty.length > 0) {
    throw new DatasetFileError(
      source.name,
      'count',
      `${source.name} leaves ${count} images, too few to fill the ${empty.join(' and ')} split: ` +
        'use the complete EMNIST ByClass files.',
    );
  }
  return splits;
}

/** Builds train/val/test from the official files, as the lab does (see EmnistSplits.description). */
export function buildEmnistSplits(
  files: EmnistSourceFiles,
  options: EmnistBuildOptions,
): EmnistSplits {
  const log = options.onProgress ?? (() => {});
  const balance = (set: ImageSet): ImageSet => {
    if (!options.balance) return set;
    log(`EMNIST: balancing ${set.count.toLocaleString('en-US')} training images`);
    return balanceClasses(set, hashSeed(options.seed, BALANCE_STREAM));
  };
  log(`EMNIST: decoding ${files.test.images.name}`);
  const test = decodeEmnistPair(files.test);
  const balanceNote = options.balance
    ? 'train classes capped at the mean class count'
    : 'unbalanced';
  if (files.train) {
    log(`EMNIST: decoding ${files.train.images.name}`);
    const trainVal = balance(decodeEmnistPair(files.train));
    const [train, val] = splitIndices(
      trainVal.count,
      [Math.floor(TRAIN_FRACTION * trainVal.count)],
      options.seed,
    );
    const splits = {
      train: subsetImageSet(trainVal, train),
      val: subsetImageSet(trainVal, val),
      test,
      description:
        `EMNIST ByClass official train split -> ${TRAIN_FRACTION * 100}/${100 - TRAIN_FRACTION * 100} ` +
        `train/val (${balanceNote}, seed ${options.seed}); official test split as test`,
    };
    return nonEmpty(splits, files.train.images, trainVal.count);
  }
  const sizes = TEST_ONLY_FRACTIONS.map((f) => Math.floor(f * test.count));
  const [train, val, rest] = splitIndices(test.count, sizes, options.seed);
  const [trainPct, valPct] = TEST_ONLY_FRACTIONS.map((f) => Math.round(f * 100));
  const splits = {
    train: balance(subsetImageSet(test, train)),
    val: subsetImageSet(test, val),
    test: subsetImageSet(test, rest),
    description:
      `EMNIST ByClass official test split only -> ${trainPct}/${valPct}/${100 - trainPct - valPct} ` +
      `train/val/test (${balanceNote}, seed ${options.seed})`,
  };
  return nonEmpty(splits, files.test.images, test.count);
}
