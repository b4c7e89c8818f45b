/** Synthetic official-format EMNIST files for tests: images stored transposed, as NIST does. */
import { gzipSync } from 'fflate';
import type { EmnistFilePair } from '../engine/data/emnistBuild';
import { encodeIdx } from '../engine/data/idx';

const SIZE = 28;

/**
 * An official-style pair whose image i is upright(i) stored transposed, with ByClass labels.
 * Each image's first pixels also encode its index, so tests can follow examples through splits.
 */
export function syntheticEmnistPair(
  split: 'train' | 'test',
  labels: number[],
  upright: (i: number) => Uint8Array = markedImage,
): EmnistFilePair {
  const count = labels.length;
  const stored = new Uint8Array(count * SIZE * SIZE);
  for (let i = 0; i < count; i++) {
    const image = upright(i);
    for (let r = 0; r < SIZE; r++) {
      for (let c = 0; c < SIZE; c++) stored[i * SIZE * SIZE + c * SIZE + r] = image[r * SIZE + c];
    }
  }
  return {
    images: {
      name: `emnist-byclass-${split}-images-idx3-ubyte.gz`,
      bytes: gzipSync(encodeIdx([count, SIZE, SIZE], stored)),
    },
    labels: {
      name: `emnist-byclass-${split}-labels-idx1-ubyte.gz`,
      bytes: encodeIdx([count], Uint8Array.from(labels)),
    },
  };
}

/** An upright image whose first row holds the example's index in base 256 (3 digits). */
export function markedImage(i: number): Uint8Array {
  const image = new Uint8Array(SIZE * SIZE);
  image[0] = i % 256;
  image[1] = Math.floor(i / 256) % 256;
  image[2] = Math.floor(i / 65536) % 256;
  return image;
}

/** The index markedImage wrote into an upright image. */
export function markOf(image: Uint8Array): number {
  return image[0] + 256 * image[1] + 65536 * image[2];
}
