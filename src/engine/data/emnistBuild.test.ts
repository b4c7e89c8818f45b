import { describe, expect, it } from 'vitest';
import { datasetRefusal } from '../../testing/datasetRefusal';
import { markOf, syntheticEmnistPair } from '../../testing/emnistTestData';
import { balanceClasses, buildEmnistSplits, decodeEmnistPair } from './emnistBuild';
import { EMNIST_MAPPING } from './emnistMapping';
import { labelCounts } from './imageSet';
import type { ImageSet } from './types';

const SIZE = 28;
const imageOf = (set: ImageSet, i: number) =>
  set.images.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE);
const marks = (set: ImageSet) =>
  Array.from({ length: set.count }, (_, i) => markOf(imageOf(set, i)));

/** An upright "L": a vertical stroke in column 5 (rows 4..20) and a foot along row 20. */
function letterL(): Uint8Array {
  const image = new Uint8Array(SIZE * SIZE);
  for (let r = 4; r <= 20; r++) image[r * SIZE + 5] = 255;
  for (let c = 5; c <= 15; c++) image[20 * SIZE + c] = 200;
  return image;
}

describe('decodeEmnistPair', () => {
  it('turns transposed official images upright', () => {
    const set = decodeEmnistPair(syntheticEmnistPair('test', [21], letterL));
    const image = imageOf(set, 0);
    for (let r = 4; r < 20; r++) expect(image[r * SIZE + 5]).toBe(255);
    for (let c = 6; c <= 15; c++) expect(image[20 * SIZE + c]).toBe(200);
    // Transposed, the foot would run down column 20 instead.
    expect(image[10 * SIZE + 20]).toBe(0);
    expect(image).toEqual(letterL());
  });

  it('maps ByClass labels to 83-token indices', () => {
    const set = decodeEmnistPair(syntheticEmnistPair('test', [0, 9, 10, 35, 36, 61]));
    expect(Array.from(set.labels)).toEqual([4, 13, 14, 39, 40, 65]);
    expect(Array.from(set.labels, (t) => EMNIST_MAPPING[t])).toEqual([
      '0',
      '9',
      'A',
      'Z',
      'a',
      'z',
    ]);
  });

  it('rejects labels outside ByClass, naming the file', () => {
    expect(() => decodeEmnistPair(syntheticEmnistPair('test', [3, 62]))).toThrow(
      /emnist-byclass-test-labels-idx1-ubyte\.gz: label 62 at index 1 is not a ByClass label/,
    );
  });

  it('rejects images and labels of different lengths', () => {
    const pair = syntheticEmnistPair('test', [1, 2, 3]);
    pair.labels = syntheticEmnistPair('test', [1, 2]).labels;
    expect(() => decodeEmnistPair(pair)).toThrow(/holds shape \[2\] but .* has 3 images/);
  });
});

describe('balanceClasses', () => {
  const labels = [...Array(100).fill(4), ...Array(10).fill(5), ...Array(40).fill(6)];
  const set = decodeEmnistPair(
    syntheticEmnistPair(
      'train',
      labels.map((t) => t - 4),
    ),
  );

  it('caps every class at the mean class count, keeping examples whole and in order', () => {
    const balanced = balanceClasses(set, 1);
    expect(labelCounts(balanced.labels).slice(4)).toEqual([50, 10, 40]);
    const kept = marks(balanced);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    for (const [i, index] of kept.entries()) expect(balanced.labels[i]).toBe(labels[index]);
  });

  it('chooses the kept examples with the seed', () => {
    expect(marks(balanceClasses(set, 1))).toEqual(marks(balanceClasses(set, 1)));
    expect(marks(balanceClasses(set, 1))).not.toEqual(marks(balanceClasses(set, 2)));
  });
});

describe('buildEmnistSplits', () => {
  const labels = (n: number) => Array.from({ length: n }, (_, i) => (i * 7) % 62);

  it('splits a test-only input 60/20/20, disjoint and deterministic per seed', () => {
    const files = { test: syntheticEmnistPair('test', labels(1000)) };
    const a = buildEmnistSplits(files, { balance: false, seed: 42 });
    expect([a.train.count, a.val.count, a.test.count]).toEqual([600, 200, 200]);
    const all = [...marks(a.train), ...marks(a.val), ...marks(a.test)].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const again = buildEmnistSplits(files, { balance: false, seed: 42 });
    expect(marks(again.val)).toEqual(marks(a.val));
    expect(marks(buildEmnistSplits(files, { balance: false, seed: 7 }).val)).not.toEqual(
      marks(a.val),
    );
    expect(a.description).toMatch(/test split only -> 60\/20\/20/);
  });

  it('balances only the train part of a test-only input', () => {
    const skewed = [...Array(300).fill(0), ...Array(100).fill(1), ...Array(100).fill(2)];
    const files = { test: syntheticEmnistPair('test', skewed) };
    const plain = buildEmnistSplits(files, { balance: false, seed: 3 });
    const balanced = buildEmnistSplits(files, { balance: true, seed: 3 });
    const counts = labelCounts(balanced.train.labels).slice(4);
    expect(Math.max(...counts)).toBe(Math.floor(plain.train.count / 3));
    expect(marks(balanced.val)).toEqual(marks(plain.val));
    expect(marks(balanced.test)).toEqual(marks(plain.test));
  });

  it('splits the official train file 80/20 and keeps the official test split', () => {
    const files = {
      train: syntheticEmnistPair('train', labels(500)),
      test: syntheticEmnistPair('test', labels(70)),
    };
    const splits = buildEmnistSplits(files, { balance: false, seed: 42 });
    expect([splits.train.count, splits.val.count, splits.test.count]).toEqual([400, 100, 70]);
    expect(marks(splits.test)).toEqual(Array.from({ length: 70 }, (_, i) => i));
    expect(new Set([...marks(splits.train), ...marks(splits.val)]).size).toBe(500);
  });

  it('refuses files too small to fill every split, naming the file', () => {
    // Two images split 60/20/20 leave nothing for validation.
    const tiny = syntheticEmnistPair('test', [0, 1]);
    const error = datasetRefusal(() =>
      buildEmnistSplits({ test: tiny }, { balance: false, seed: 1 }),
    );
    expect([error.file, error.field]).toEqual([tiny.images.name, 'count']);
    expect(error.message).toMatch(/leaves 2 images, too few to fill the val split/);
  });
});
