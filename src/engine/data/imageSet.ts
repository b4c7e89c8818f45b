/** Small operations on ImageSets that splits, balancing and data modules share. */
import { permutation } from './rng';
import type { ImageSet } from './types';

/** A new ImageSet holding the examples at `indices`, in that order. */
export function subsetImageSet(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const pixels = set.height * set.width;
  const images = new Uint8Array(indices.length * pixels);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i];
    if (src < 0 || src >= set.count) {
      throw new Error(`subsetImageSet: index ${src} is outside 0..${set.count - 1}.`);
    }
    images.set(set.images.subarray(src * pixels, (src + 1) * pixels), i * pixels);
    labels[i] = set.labels[src];
  }
  return { images, labels, count: indices.length, height: set.height, width: set.width };
}

/** How many examples each label has, indexed by label. */
export function labelCounts(labels: Uint8Array): number[] {
  const counts: number[] = [];
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return Array.from(counts, (c) => c ?? 0);
}

/**
 * Cuts a seeded permutation of 0..n-1 into parts of the given sizes plus one part with the
 * rest; each part is sorted so examples keep their original order.
 */
export function splitIndices(n: number, sizes: readonly number[], seed: number): Uint32Array[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total > n) {
    throw new Error(`splitIndices: cannot cut ${n} examples into parts of [${sizes.join(', ')}].`);
  }
  const order = permutation(n, seed);
  const parts: Uint32Array[] = [];
  let start = 0;
  for (const size of sizes) {
    parts.push(order.slice(start, start + size).sort());
    start += size;
  }
  parts.push(order.slice(start).sort());
  return parts;
}
