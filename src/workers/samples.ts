/**
 * Test images for the Playground's "random test sample" and the Data panel's class grid, and
 * training images before and after augmentation.
 */
import * as tf from '@tensorflow/tfjs';
import { parseValue } from '../engine/config';
import { type AugmentOptions, applyAugmentations, drawAugmentations } from '../engine/data/augment';
import { AUGMENT_FLAG_OF, dataClassFlags } from '../engine/data/dataFlags';
import type { DataModule } from '../engine/data/types';
import type { FlagSpec } from '../engine/flagSpec';
import type { AugmentPreview, Prediction, SampleImage } from './protocol';

export const MAX_AUGMENT_PREVIEW = 32;

export const MAX_PER_CLASS = 50;

/** Pixels as the model sees them: [0, 1], ink 1. */
export function toModelInput(image: Uint8Array): Float32Array {
  return Float32Array.from(image, (v) => v / 255);
}

/** Test example `index` (random when absent), predicted by `predict` when a model is loaded. */
export async function testSample(
  data: DataModule,
  index: number | undefined,
  predict?: (image: Float32Array) => Promise<Prediction>,
  random: () => number = Math.random,
): Promise<SampleImage> {
  const chosen = index ?? Math.floor(random() * data.size('test'));
  const { image, label } = data.example('test', chosen);
  const sample: SampleImage = { image, label: data.config().mapping[label], index: chosen };
  return predict ? { ...sample, prediction: await predict(toModelInput(image)) } : sample;
}

/** The first `perClass` test images of each class, in class order; empty classes are skipped. */
export function classSamples(data: DataModule, perClass: number): SampleImage[] {
  if (!Number.isInteger(perClass) || perClass < 1 || perClass > MAX_PER_CLASS) {
    throw new Error(`perClass must be a whole number from 1 to ${MAX_PER_CLASS}, got ${perClass}.`);
  }
  const mapping = data.config().mapping;
  const byClass: SampleImage[][] = mapping.map(() => []);
  let missing = mapping.length;
  for (let index = 0; index < data.size('test') && missing > 0; index++) {
    const { image, label } = data.example('test', index);
    const bucket = byClass[label];
    if (bucket.length >= perClass) continue;
    bucket.push({ image, label: mapping[label], index });
    if (bucket.length === perClass) missing--;
  }
  return byClass.flat();
}

/** Each option parsed against its flag's spec (the page sends them; a bad one is refused, named). */
function checkAugmentOptions(options: AugmentOptions): void {
  const specs = dataClassFlags('EMNIST');
  for (const [key, flag] of Object.entries(AUGMENT_FLAG_OF)) {
    const spec = specs.find((f) => f.name === flag) as FlagSpec;
    parseValue(spec, String(options[key as keyof AugmentOptions]), `Augmentation ${key}`);
  }
}

/** The first `count` training images, and the same images with one augmentation draw each. */
export async function augmentPreview(
  data: DataModule,
  count: number,
  options: AugmentOptions,
  seed: number,
): Promise<AugmentPreview> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_AUGMENT_PREVIEW) {
    throw new Error(`count must be a whole number from 1 to ${MAX_AUGMENT_PREVIEW}, got ${count}.`);
  }
  checkAugmentOptions(options);
  const mapping = data.config().mapping;
  const before = Array.from({ length: Math.min(count, data.size('train')) }, (_, index) => {
    const { image, label } = data.example('train', index);
    return { image, label: mapping[label], index };
  });
  const side = Math.sqrt(before[0]?.image.length ?? 0);
  const x = tf.tensor4d(
    Float32Array.from(before.flatMap((s) => Array.from(toModelInput(s.image)))),
    [before.length, side, side, 1],
  );
  const moved = applyAugmentations(x, drawAugmentations(before.length, side, options, seed));
  const pixels = await moved.data();
  tf.dispose([x, moved]);
  const pixelsPerImage = side * side;
  const after = before.map((sample, i) => ({
    ...sample,
    image: Uint8Array.from(pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage), (v) =>
      Math.round(Math.min(1, Math.max(0, v)) * 255),
    ),
  }));
  return { before, after };
}
