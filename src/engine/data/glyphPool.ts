/** Character images to draw lines with, looked up by character across one or more ImageSets. */
import type { Rng } from './rng';
import type { ImageSet } from './types';

export const GLYPH_SIZE = 28;
const GLYPH_PIXELS = GLYPH_SIZE * GLYPH_SIZE;

export class GlyphPool {
  private readonly images: Uint8Array[] = [];
  private readonly byChar = new Map<string, number[]>();

  /** `mapping` turns the sets' labels into characters (the lab's EMNIST or the MNIST digits). */
  constructor(sets: readonly ImageSet[], mapping: readonly string[]) {
    for (const set of sets) {
      if (set.height !== GLYPH_SIZE || set.width !== GLYPH_SIZE) {
        throw new Error(
          `Glyphs must be ${GLYPH_SIZE}x${GLYPH_SIZE}, got ${set.height}x${set.width}.`,
        );
      }
      for (let i = 0; i < set.count; i++) {
        const char = mapping[set.labels[i]];
        const glyph = this.images.length;
        this.images.push(set.images.subarray(i * GLYPH_PIXELS, (i + 1) * GLYPH_PIXELS));
        const list = this.byChar.get(char);
        if (list) list.push(glyph);
        else this.byChar.set(char, [glyph]);
      }
    }
  }

  /** The characters this pool has at least one image of. */
  chars(): Set<string> {
    return new Set(this.byChar.keys());
  }

  /** A random image of `char` (an id for image()). */
  pick(char: string, rng: Rng): number {
    const list = this.byChar.get(char);
    if (!list) throw new Error(`The glyph pool has no image of '${char}'.`);
    return list[rng.nextInt(list.length)];
  }

  /** The 28x28 uint8 image with this id (a view, not a copy). */
  image(glyph: number): Uint8Array {
    return this.images[glyph];
  }
}
