/** The model the Playground predicts with, and the top-k of its class probabilities. */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_DATA_CLASS } from '../engine/config';
import { LINE_HEIGHT, LINE_WIDTH } from '../engine/data/lineSynthesis';
import { objectiveFor } from '../engine/lit/objectives';
import type { AnalyzedModel } from '../engine/metrics/errorAnalysis';
import { readLine } from './lineReading';
import type { LineReading, Prediction } from './protocol';

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

/** Checks a pad image for `request`: height x width finite values in [0, 1], ink 1. */
function checkPixels(image: unknown, height: number, width: number, request: string) {
  const pixels = height * width;
  if (!(image instanceof Float32Array) || image.length !== pixels) {
    const found = image instanceof Float32Array ? `${image.length} values` : typeof image;
    throw new Error(
      `${request} needs a Float32Array of ${pixels} pixels (${height}x${width}, row by row), got ${found}.`,
    );
  }
  const bad = image.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new Error(
      `${request} needs pixel values in [0, 1] (ink 1); pixel ${bad} is ${image[bad]}.`,
    );
  }
  return image;
}

/** Checks a pad image: 784 finite values in [0, 1], ink 1. */
export function checkImage(image: unknown): Float32Array {
  return checkPixels(image, 28, 28, 'predict');
}

export class LoadedModel {
  constructor(
    readonly id: string,
    readonly runName: string,
    readonly mapping: string[],
    private readonly model: tf.LayersModel,
    /** The checkpoint's experiment config: data flags, loss, window sizes. */
    readonly config: Readonly<Record<string, unknown>>,
  ) {}

  /** Line models output one class distribution per position: [batch, positions, classes]. */
  get isLineModel(): boolean {
    return this.model.outputs[0].shape.length === 3;
  }

  get dataClass(): string {
    return String(this.config.data_class ?? DEFAULT_DATA_CLASS);
  }

  /** The objective and softmax outputs, as the engine's error analysis reads a model. */
  forAnalysis(): AnalyzedModel {
    return {
      objective: objectiveFor(String(this.config.loss ?? 'cross_entropy')),
      predict: (x) => tf.tidy(() => tf.softmax(this.model.predict(x) as tf.Tensor)),
    };
  }

  async predict(image: Float32Array, topK = DEFAULT_TOP_K): Promise<Prediction> {
    if (this.isLineModel) {
      throw new Error(
        `${this.runName} reads lines (28x896), not single characters: use the Lines pad.`,
      );
    }
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

  /** The text of a 28x896 line, with each character's top classes. */
  async readLine(image: Float32Array): Promise<LineReading> {
    if (!this.isLineModel) {
      throw new Error(
        `${this.runName} reads single characters, not lines. Train a line model ` +
          '(data_class EMNISTLines, model_class LineCNNSimple) and load it to read a line.',
      );
    }
    const pixels = checkPixels(image, LINE_HEIGHT, LINE_WIDTH, 'predictLine');
    const probabilities = tf.tidy(() => {
      const x = tf.tensor4d(pixels, [1, LINE_HEIGHT, LINE_WIDTH, 1]);
      return tf.softmax(this.model.predict(x) as tf.Tensor);
    });
    try {
      const [, steps, classes] = probabilities.shape;
      const decoding = this.config.loss === 'ctc' ? 'ctc' : 'windows';
      return readLine(
        { probabilities: await probabilities.data(), steps, classes },
        this.mapping,
        decoding,
      );
    } finally {
      probabilities.dispose();
    }
  }

  /**
   * One prediction on a blank input, so the backend compiles its kernels now (while the page
   * says the model is loading) rather than on the first drawing.
   */
  async warmUp(): Promise<void> {
    // One example of the model's own input shape (the batch dimension is the only free one).
    const shape = this.model.inputs[0].shape.map((dim) => dim ?? 1);
    const output = tf.tidy(() => this.model.predict(tf.zeros(shape)) as tf.Tensor);
    try {
      await output.data();
    } finally {
      output.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
