import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../data/rng';

/** Seeded Glorot initializers, one distinct seed per layer, so a run's seed fixes its weights. */
export type SeededInit = ReturnType<typeof seededInit>;

export function seededInit(seed: number) {
  let layer = 0;
  return {
    dense: () => ({
      kernelInitializer: tf.initializers.glorotUniform({ seed: hashSeed(seed, layer++) }),
      biasInitializer: tf.initializers.zeros(),
    }),
  };
}
