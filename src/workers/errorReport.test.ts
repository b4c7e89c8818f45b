import { describe, expect, it } from 'vitest';
import type { DataModule } from '../engine/data/types';
import type { ErrorAnalysis, Misclassified } from '../engine/metrics/errorAnalysis';
import { cropColumns, misclassifiedImages } from './errorReport';

/** Split examples whose pixel (y, x) is x: a line's columns are easy to recognize. */
function data(width: number): DataModule {
  return {
    config: () => ({ inputDims: [28, width, 1], outputDims: [1], mapping: [] }),
    example: (_split: string, index: number) => ({
      image: Uint8Array.from({ length: 28 * width }, (_, i) => (i % width) + index),
      label: 0,
    }),
  } as unknown as DataModule;
}

const wrong = (index: number, position?: number): Misclassified => ({
  index,
  ...(position === undefined ? {} : { position }),
  trueIndex: 0,
  predictedIndex: 1,
  trueLabel: 'a',
  predictedLabel: 'b',
  probability: 0.9,
});

describe('misclassified images', () => {
  it('crops 28 columns, zero past the right edge', () => {
    const line = Uint8Array.from({ length: 28 * 40 }, (_, i) => i % 40);
    const crop = cropColumns(line, 40, 20);
    expect(Array.from(crop.subarray(28, 56))).toEqual([
      ...Array.from({ length: 20 }, (_, x) => 20 + x),
      ...new Array(8).fill(0),
    ]);
  });

  it('single characters keep their image; line positions get their window', () => {
    const single = misclassifiedImages(
      { misclassified: [wrong(3)] } as ErrorAnalysis,
      data(28),
      'test',
      28,
    );
    expect(single[0].image[5]).toBe(5 + 3);
    expect(single[0]).toMatchObject({ index: 3, predictedLabel: 'b', probability: 0.9 });

    const line = misclassifiedImages(
      { misclassified: [wrong(0, 2)] } as ErrorAnalysis,
      data(896),
      'test',
      28,
    );
    expect(line[0].image).toHaveLength(784);
    expect(line[0].image[0]).toBe(56);
    expect(line[0].position).toBe(2);
  });
});
