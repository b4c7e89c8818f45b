import { describe, expect, it } from 'vitest';
import type { DataModule } from '../engine/data/types';
import { topClasses } from './loadedModel';
import { classSamples, testSample } from './samples';

/** A test split of 6 one-pixel images with labels 0,1,0,2,1,0 over a 4-token mapping. */
const labels = [0, 1, 0, 2, 1, 0];
const data = {
  config: () => ({ inputDims: [28, 28, 1], outputDims: [4], mapping: ['a', 'b', 'c', 'd'] }),
  size: () => labels.length,
  example: (_split: string, index: number) => {
    const image = new Uint8Array(784);
    image[0] = index;
    return { image, label: labels[index] };
  },
} as unknown as DataModule;

describe('testSample', () => {
  it('returns the given or a random test image, predicted on [0, 1] pixels', async () => {
    const seen: number[] = [];
    const sample = await testSample(data, 3, async (image) => {
      seen.push(image[0], image.length);
      return { top: [] };
    });
    expect(sample).toMatchObject({ label: 'c', index: 3, prediction: { top: [] } });
    expect(seen).toEqual([Math.fround(3 / 255), 784]);
    expect((await testSample(data, undefined, undefined, () => 0.99)).index).toBe(5);
  });
});

describe('classSamples', () => {
  it('takes the first images of each class in class order and skips empty classes', () => {
    const grid = classSamples(data, 2);
    expect(grid.map((s) => `${s.label}${s.index}`)).toEqual(['a0', 'a2', 'b1', 'b4', 'c3']);
    expect(() => classSamples(data, 0)).toThrow(/perClass must be a whole number from 1 to 50/);
  });
});

describe('topClasses', () => {
  it('orders the k most probable classes with their labels', () => {
    expect(topClasses([0.1, 0.6, 0.3], ['x', 'y', 'z'], 2)).toEqual({
      top: [
        { index: 1, label: 'y', probability: 0.6 },
        { index: 2, label: 'z', probability: 0.3 },
      ],
    });
  });
});
