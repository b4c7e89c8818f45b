import * as tf from '@tensorflow/tfjs';
import { PADDING } from '../data/emnistMapping';
import type { Objective, Tallies } from './objective';

/**
 * The lab's cross-entropy on logits, for one class per example ([n, C] against [n]) or one per
 * line position ([n, L, C] against [n, L], as LineCNNSimple): the loss and `acc` count every
 * position, padding included, as the lab does; `char_acc` counts only the positions whose label
 * is not `<P>`, the number that says how well characters are read.
 */
export function crossEntropyObjective(labelSmoothing = 0): Objective {
  return {
    name: 'cross_entropy',
    ratios: { acc: ['correct', 'count'], char_acc: ['charCorrect', 'chars'] },

    loss(logits, labels) {
      checkShapes(logits, labels);
      return crossEntropy(logits, labels, labelSmoothing);
    },

    trainTallies: tallies,

    async evalTallies(logits, labels) {
      return tallies(logits, labels);
    },
  };
}

/** Smoothed targets are (1 - s) one-hot + s / classes, as PyTorch's label_smoothing. */
function crossEntropy(logits: tf.Tensor, labels: tf.Tensor, labelSmoothing: number): tf.Scalar {
  return tf.tidy(() => {
    const depth = logits.shape[logits.shape.length - 1] as number;
    return tf.losses.softmaxCrossEntropy(
      tf.oneHot(labels, depth),
      logits,
      undefined,
      labelSmoothing,
    ) as tf.Scalar;
  });
}

function tallies(logits: tf.Tensor, labels: tf.Tensor): Tallies {
  return tf.tidy(() => {
    const hits = tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32');
    const result: Tallies = {
      correct: tf.sum(hits),
      count: tf.scalar(labels.size),
    };
    if (labels.rank === 2) {
      const chars = tf.cast(tf.notEqual(labels, PADDING), 'float32');
      result.charCorrect = tf.sum(tf.mul(hits, chars));
      result.chars = tf.sum(chars);
    }
    return result;
  });
}

function checkShapes(logits: tf.Tensor, labels: tf.Tensor): void {
  const positions = logits.shape.slice(0, -1);
  if (positions.length !== labels.rank || positions.some((d, i) => d !== labels.shape[i])) {
    throw new Error(
      `cross_entropy needs one output per label: the model gives [${logits.shape}] for labels of ` +
        `shape [${labels.shape}]. A model with more time steps than labels trains with --loss ctc.`,
    );
  }
}
