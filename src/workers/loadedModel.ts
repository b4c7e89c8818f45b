/** The model the Playground predicts with, and the top-k of its class probabilities. */
import * as tf from '@tensorflow/tfjs';
import type { Prediction } from './protocol';

export const IMAGE_PIXELS = 28 * 28;
export const DEFAULT_TOP_K = 5;

/** The k most probable classes, most probable first. */
export function topClasses(
  probabilities: ArrayLike<number>,
  mapping: string[],
  k: number,
): Prediction {
  const order = Array.from(probabilities, (p, index) => ({ p, index })).sort((a, b) => b.p - a.p);
  return {
    top: order.slice(0, Math.max(1, k)).map(({ p, index }) => ({
      index,
      label: mapping[index] ?? `#${index}`,
      probability: p,
    })),
  };
}

/** Checks a pad image: 784 finite values in [0, 1], ink 1. */
export function checkImage(image: unknown): Float32Array {
  if (!(image instanceof Float32Array) || image.length !== IMAGE_PIXELS) {
    const found = image instanceof Float32Array ? `${image.length} values` : typeof image;
    throw new Error(
      `predict needs a Float32Array of ${IMAGE_PIXELS} pixels (28x28, row by row), got ${found}.`,
    );
  }
  const bad = image.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new Error(`predict needs pixel values in [0, 1] (ink 1); pixel ${bad} is ${image[bad]}.`);
  }
  return image;
}

export class LoadedModel {
  constructor(
    readonly id: string,
    readonly runName: string,
    readonly mapping: string[],
    private readonly model: tf.LayersModel,
  ) {}

  async predict(image: Float32Array, topK = DEFAULT_TOP_K): Promise<Prediction> {
    const pixels = checkImage(image);
    const probabilities = tf.tidy(() => {
      const x = tf.tensor4d(pixels, [1, 28, 28, 1]);
      return tf.softmax(this.model.predict(x) as tf.Tensor);
    });
    try {
      return topClasses(await probabilities.data(), this.mapping, topK);
    } finally {
      probabilities.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
