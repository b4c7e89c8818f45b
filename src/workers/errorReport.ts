/**
 * The engine's error analysis made ready for the page: each misclassified example gets the
 * 28x28 image the model read (for a line model, the window at its position in the line).
 */
import { GLYPH_SIZE } from '../engine/data/glyphPool';
import type { DataModule, Split } from '../engine/data/types';
import type { ErrorAnalysis } from '../engine/metrics/errorAnalysis';
import type { MisclassifiedImage } from './protocol';

/** Columns [left, left + 28) of a row-major image `width` wide, 28 high (zeros past the edge). */
export function cropColumns(image: Uint8Array, width: number, left: number): Uint8Array {
  const out = new Uint8Array(GLYPH_SIZE * GLYPH_SIZE);
  for (let y = 0; y < GLYPH_SIZE; y++) {
    for (let x = 0; x < GLYPH_SIZE && left + x < width; x++) {
      out[y * GLYPH_SIZE + x] = image[y * width + left + x];
    }
  }
  return out;
}

/**
 * Images of the misclassified examples. `windowStride` is the line model's stride in pixels:
 * position p was read from the window starting at p * windowStride.
 */
export function misclassifiedImages(
  analysis: ErrorAnalysis,
  data: DataModule,
  split: Split,
  windowStride: number,
): MisclassifiedImage[] {
  const width = data.config().inputDims[1];
  return analysis.misclassified.map((m) => {
    const { image } = data.example(split, m.index);
    const glyph =
      m.position === undefined ? image : cropColumns(image, width, m.position * windowStride);
    return { ...m, image: glyph };
  });
}
