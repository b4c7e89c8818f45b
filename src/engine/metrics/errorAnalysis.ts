/**
 * Error analysis of a trained model on one split: the confusion matrix (summed on the device
 * batch by batch, read back once), per-class accuracy, the most confused pairs, the accuracy
 * with look-alikes merged, and the most confident mistakes for a gallery. Plain data, so the
 * worker can post it as is.
 */
import * as tf from '@tensorflow/tfjs';
import { PADDING } from '../data/emnistMapping';
import type { DataModule, Split } from '../data/types';
import type { LitModel } from '../lit/litModel';
import { ProgressPacer } from '../progressPacer';
import { type ConfusionSummary, summarizeConfusion } from './confusion';

export interface ErrorAnalysisOptions {
  batchSize?: number;
  /** Analyze only the first N batches of the split. */
  limitBatches?: number;
  /** How many confused pairs to list (default 20). */
  topPairs?: number;
  /** How many misclassified examples to keep, most confident first (default 64). */
  maxExamples?: number;
  /**
   * Batches the device has finished, of the total: at the start (0), at most every
   * `progressIntervalMs`, and at the last batch.
   */
  onProgress?: (done: number, total: number) => void;
  /** Default PROGRESS_INTERVAL_MS (progressPacer.ts). */
  progressIntervalMs?: number;
}

export interface Misclassified {
  /** The example's index in the split (for DataModule.example). */
  index: number;
  /** The character's position in its line, for line models. */
  position?: number;
  trueIndex: number;
  predictedIndex: number;
  trueLabel: string;
  predictedLabel: string;
  /** The model's probability for the predicted class. */
  probability: number;
}

export interface ErrorAnalysis extends ConfusionSummary {
  split: Split;
  /** Share of the examples whose class is among the model's three most probable. */
  top3Accuracy: number;
  misclassified: Misclassified[];
}

/** Device tensors of one batch, kept until the single read at the end. */
interface BatchOutputs {
  labels: tf.Tensor1D;
  predicted: tf.Tensor1D;
  probability: tf.Tensor1D;
}

/** What analysis needs of a model: a trained LitModel, or the studio's model loaded for inference. */
export type AnalyzedModel = Pick<LitModel, 'objective' | 'predict'>;

export async function analyzeErrors(
  module: AnalyzedModel,
  dataModule: DataModule,
  split: Split,
  options: ErrorAnalysisOptions = {},
): Promise<ErrorAnalysis> {
  if (module.objective.name !== 'cross_entropy') {
    throw new Error(
      'Error analysis compares one output with one label; a CTC model has no output aligned ' +
        'with each character (its test/cer measures its errors).',
    );
  }
  const { mapping, outputDims } = dataModule.config();
  const classes = mapping.length;
  const lineLength = outputDims.length === 2 ? outputDims[0] : 1;
  const batchSize = options.batchSize ?? 128;
  let matrix: tf.Tensor2D = tf.zeros([classes, classes]);
  let top3Hits: tf.Scalar = tf.scalar(0);
  const topK = Math.min(3, classes);
  const outputs: BatchOutputs[] = [];
  const total = Math.min(
    options.limitBatches ?? Number.POSITIVE_INFINITY,
    Math.ceil(dataModule.size(split) / batchSize),
  );
  const progress =
    options.onProgress && new ProgressPacer(total, options.onProgress, options.progressIntervalMs);
  try {
    for (const batch of dataModule.batches(split, {
      batchSize,
      limitBatches: options.limitBatches,
    })) {
      const result = tf.tidy(() => {
        const probs = tf.reshape(module.predict(batch.x), [-1, classes]);
        const labels = tf.cast(tf.reshape(batch.y, [-1]), 'int32') as tf.Tensor1D;
        const predicted = tf.cast(tf.argMax(probs, 1), 'int32') as tf.Tensor1D;
        // Padding positions of a line are not characters: they count nowhere.
        const counted = lineLength > 1 ? tf.notEqual(labels, PADDING) : tf.onesLike(labels);
        const truth = tf.mul(
          tf.oneHot(labels, classes),
          tf.expandDims(tf.cast(counted, 'float32'), 1),
        );
        const counts = tf.matMul(truth, tf.oneHot(predicted, classes).toFloat(), true, false);
        const inTop = tf.max(
          tf.cast(tf.equal(tf.topk(probs, topK).indices, tf.expandDims(labels, 1)), 'float32'),
          1,
        );
        return {
          matrix: tf.add(matrix, counts) as tf.Tensor2D,
          top3Hits: tf.add(
            top3Hits,
            tf.sum(tf.mul(inTop, tf.cast(counted, 'float32'))),
          ) as tf.Scalar,
          kept: { labels, predicted, probability: tf.max(probs, 1) as tf.Tensor1D },
        };
      });
      tf.dispose([batch.x, batch.y, matrix, top3Hits]);
      matrix = result.matrix;
      top3Hits = result.top3Hits;
      outputs.push(result.kept);
      // Reading the small sum waits for the device.
      await progress?.step(() => matrix.data());
    }
    const read = <K extends keyof BatchOutputs>(key: K) =>
      outputs.length === 0
        ? Promise.resolve(new Float32Array())
        : readConcat(outputs.map((o) => o[key]));
    const [full, hits, labels, predicted, probability] = await Promise.all([
      matrix.array(),
      top3Hits.data(),
      read('labels'),
      read('predicted'),
      read('probability'),
    ]);
    const misclassified: Misclassified[] = [];
    for (let i = 0; i < labels.length; i++) {
      const [t, p] = [labels[i], predicted[i]];
      if (t === p || (lineLength > 1 && t === PADDING)) continue;
      misclassified.push({
        index: Math.floor(i / lineLength),
        ...(lineLength > 1 ? { position: i % lineLength } : {}),
        trueIndex: t,
        predictedIndex: p,
        trueLabel: mapping[t],
        predictedLabel: mapping[p],
        probability: probability[i],
      });
    }
    misclassified.sort((a, b) => b.probability - a.probability || a.index - b.index);
    const summary = summarizeConfusion(full, mapping, options.topPairs ?? 20);
    return {
      split,
      ...summary,
      top3Accuracy: summary.examples === 0 ? 0 : hits[0] / summary.examples,
      misclassified: misclassified.slice(0, options.maxExamples ?? 64),
    };
  } finally {
    tf.dispose([
      matrix,
      top3Hits,
      ...outputs.flatMap((o) => [o.labels, o.predicted, o.probability]),
    ]);
  }
}

async function readConcat(parts: tf.Tensor1D[]): Promise<Float32Array | Int32Array> {
  const joined = tf.concat(parts);
  try {
    return (await joined.data()) as Float32Array | Int32Array;
  } finally {
    joined.dispose();
  }
}
