import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestExperiment } from '../../testing/experimentHarness';
import { mnistTestSource } from '../../testing/mnistFixture';
import { useWasmBackend } from '../../testing/wasmBackend';
import {
  type AugmentOptions,
  type AugmentParams,
  applyAugmentations,
  drawAugmentations,
} from './augment';
import { createDataModule } from './registry';

const SIDE = 28;
const NONE: AugmentParams = { angle: 0, shear: 0, scale: 1, tx: 0, ty: 0, stroke: 0 };
const OFF: AugmentOptions = { rotation: 0, shear: 0, scale: 0, translate: 0, stroke: 0 };

/** A 28x28 image with ink (1) where `ink(row, col)` holds. */
function glyph(ink: (row: number, col: number) => boolean): tf.Tensor4D {
  const pixels = new Float32Array(SIDE * SIDE);
  for (let r = 0; r < SIDE; r++)
    for (let c = 0; c < SIDE; c++) pixels[r * SIDE + c] = ink(r, c) ? 1 : 0;
  return tf.tensor4d(pixels, [1, SIDE, SIDE, 1]);
}

function augmented(x: tf.Tensor4D, params: AugmentParams): Float32Array {
  const out = applyAugmentations(x, [params]);
  const pixels = out.dataSync() as Float32Array;
  tf.dispose([out, x]);
  return pixels;
}

/** Ink summed over rows [r0, r1) and columns [c0, c1). */
function ink(pixels: Float32Array, r0: number, r1: number, c0: number, c1: number): number {
  let sum = 0;
  for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) sum += pixels[r * SIDE + c];
  return sum;
}

const horizontalBar = () => glyph((r, c) => (r === 13 || r === 14) && c >= 4 && c < 24);

describe('augmentation', () => {
  beforeAll(useWasmBackend);

  it('rotates a known glyph: a horizontal bar turned 90 degrees stands upright', () => {
    const before = augmented(horizontalBar(), NONE);
    const after = augmented(horizontalBar(), { ...NONE, angle: 90 });
    expect(ink(before, 13, 15, 0, SIDE)).toBeCloseTo(40, 3);
    // All of the bar now lies in the two middle columns, rows 4 to 23.
    expect(ink(after, 4, 24, 13, 15)).toBeCloseTo(40, 3);
    expect(ink(after, 0, SIDE, 0, SIDE)).toBeCloseTo(40, 3);
  });

  it('shifts right and down for positive translations, and grows with the scale', () => {
    const square = () => glyph((r, c) => r >= 10 && r < 18 && c >= 10 && c < 18);
    const moved = augmented(square(), { ...NONE, tx: 3, ty: 2 });
    expect(ink(moved, 12, 20, 13, 21)).toBeCloseTo(64, 3);
    // Scaled about the centre by 1.5: the 8x8 square covers 12x12 pixels.
    const grown = augmented(square(), { ...NONE, scale: 1.5 });
    expect(ink(grown, 0, SIDE, 0, SIDE)).toBeGreaterThan(64 * 1.5 ** 2 * 0.95);
    expect(ink(grown, 0, SIDE, 0, SIDE)).toBeLessThan(64 * 1.5 ** 2 * 1.05);
  });

  it('draws parameters within their bounds, and the stroke changes about as often as asked', () => {
    const options: AugmentOptions = {
      rotation: 15,
      shear: 5,
      scale: 0.2,
      translate: 0.1,
      stroke: 0.25,
    };
    const draws = drawAugmentations(4000, SIDE, options, 7);
    const range = (pick: (p: AugmentParams) => number) => [
      Math.min(...draws.map(pick)),
      Math.max(...draws.map(pick)),
    ];
    const [lowScale, highScale] = range((p) => p.scale);
    expect(lowScale).toBeGreaterThanOrEqual(0.8);
    expect(highScale).toBeLessThanOrEqual(1.2);
    // Close to the bounds, so the draws spread over the whole range.
    expect(lowScale).toBeLessThan(0.81);
    expect(highScale).toBeGreaterThan(1.19);
    const [lowAngle, highAngle] = range((p) => p.angle);
    expect(lowAngle).toBeGreaterThanOrEqual(-15);
    expect(highAngle).toBeLessThanOrEqual(15);
    expect(Math.max(...draws.map((p) => Math.abs(p.tx)))).toBeLessThanOrEqual(0.1 * SIDE);
    const thicker = draws.filter((p) => p.stroke === 1).length / draws.length;
    const thinner = draws.filter((p) => p.stroke === -1).length / draws.length;
    expect(thicker).toBeGreaterThan(0.22);
    expect(thicker).toBeLessThan(0.28);
    expect(thinner).toBeGreaterThan(0.22);
    expect(thinner).toBeLessThan(0.28);
  });

  it('thickens strokes halfway to a dilation and thins them halfway to an erosion', () => {
    const thick = glyph((r, c) => r >= 10 && r < 18 && c >= 10 && c < 18);
    const [wide, narrow] = [
      augmented(thick.clone(), { ...NONE, stroke: 1 }),
      augmented(thick, { ...NONE, stroke: -1 }),
    ];
    // Halfway between the 8x8 square (64) and its 10x10 dilation (100) or 6x6 erosion (36).
    expect(ink(wide, 0, SIDE, 0, SIDE)).toBeCloseTo(82, 3);
    expect(ink(narrow, 0, SIDE, 0, SIDE)).toBeCloseTo(50, 3);
  });

  it('is the same for the same seed and differs for another', () => {
    const options = { ...OFF, rotation: 20, translate: 0.1, stroke: 0.3 };
    const run = (seed: number) => {
      const x = tf.concat([horizontalBar(), horizontalBar(), horizontalBar()]) as tf.Tensor4D;
      const out = applyAugmentations(x, drawAugmentations(3, SIDE, options, seed));
      const pixels = out.dataSync().slice();
      tf.dispose([x, out]);
      return pixels;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });
});

describe('augmented training batches', () => {
  beforeAll(useWasmBackend);

  it('keep their labels, change their images only with an augment seed, and leak no tensors', async () => {
    const source = await mnistTestSource();
    const plain = createDataModule('MNIST', source);
    const augmenting = createDataModule('MNIST', source, { augment: 'true' });
    await Promise.all([plain.setup(), augmenting.setup()]);
    const options = { batchSize: 16, limitBatches: 2, shuffleSeed: 5 };
    const read = (batches: Generator<{ x: tf.Tensor; y: tf.Tensor }>) =>
      [...batches].map((b) => {
        const pair = [b.x.dataSync().slice(), b.y.dataSync().slice()];
        tf.dispose([b.x, b.y]);
        return pair;
      });
    const before = tf.memory().numTensors;
    const reference = read(plain.batches('train', options));
    const unseeded = read(augmenting.batches('train', options));
    const seeded = read(augmenting.batches('train', { ...options, augmentSeed: 9 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(unseeded).toEqual(reference);
    seeded.forEach(([x, y], b) => {
      expect(y).toEqual(reference[b][1]);
      expect(x).not.toEqual(reference[b][0]);
    });
    expect(read(augmenting.batches('train', { ...options, augmentSeed: 9 }))).toEqual(seeded);
    plain.dispose();
    augmenting.dispose();
  });

  it('make training reproducible for a seed, and different from training without them', async () => {
    const flags = {
      model_class: 'CNN',
      conv_dim: '4',
      fc_dim: '16',
      batch_size: '32',
      max_epochs: '1',
      limit_train_batches: '4',
      limit_val_batches: '1',
      limit_test_batches: '1',
    };
    const loss = async (extra: Record<string, string>) => {
      const { experiment } = createTestExperiment({ ...flags, ...extra });
      const result = await experiment.run();
      experiment.dispose();
      return result.metrics['validation/loss'];
    };
    const first = await loss({ augment: 'true' });
    expect(await loss({ augment: 'true' })).toBe(first);
    expect(await loss({})).not.toBe(first);
  }, 120_000);
});
