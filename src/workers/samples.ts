/** Test images for the Playground's "random test sample" and the Data panel's class grid. */
import type { DataModule } from '../engine/data/types';
import type { Prediction, SampleImage } from './protocol';

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
