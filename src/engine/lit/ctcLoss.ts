/**
 * Connectionist Temporal Classification loss (Graves et al., 2006), which TensorFlow.js lacks.
 * The forward algorithm runs in log space over the extended label sequence
 * `<B> l1 <B> l2 ... lL <B>`: on a GPU entirely with tensor ops, so tf autodiff gives the
 * gradient; where tensors live on the host, as loops over their values (./ctcHost.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { DEVICE_RESIDENT_BACKENDS } from '../backends/backendNames';
import { ctcForwardBackward } from './ctcHost';

/**
 * Stands in for log(0): finite, so that sums and logsumexp never meet `-inf - -inf` (NaN in the
 * gradient), yet so small that exp() of it next to any real path probability is exactly 0.
 */
const LOG_ZERO = -1e30;

export interface CtcTokens {
  /** The class the model emits for "no character here" (the mapping's `<B>`, index 0). */
  blank: number;
  /** Labels are padded with this token (`<P>`); a label ends at its first padding. */
  padding: number;
}

/** Per row, whether each label position comes before the first padding token (1) or not (0). */
function beforePadding(labels: tf.Tensor2D, padding: number): tf.Tensor2D {
  return tf.tidy(() => {
    // The running count of padding tokens is 0 exactly before the first one.
    const isPadding = tf.cast(tf.equal(labels, padding), 'int32');
    return tf.cast(tf.equal(tf.cumsum(isPadding, 1), 0), 'int32') as tf.Tensor2D;
  });
}

/** Label lengths: the count of tokens before the first padding token, per row. */
export function labelLengths(labels: tf.Tensor2D, padding: number): tf.Tensor1D {
  return tf.tidy(() => tf.sum(beforePadding(labels, padding), 1) as tf.Tensor1D);
}

/**
 * The fewest time steps that can emit each label: one per token plus a blank between each pair
 * of equal neighbours (which would otherwise collapse into one).
 */
export function requiredSteps(labels: tf.Tensor2D, padding: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [n, length] = labels.shape;
    const inLabel = beforePadding(labels, padding);
    if (length < 2) return tf.sum(inLabel, 1) as tf.Tensor1D;
    const rest = [n, length - 1];
    const repeats = tf.mul(
      tf.cast(tf.equal(labels.slice([0, 1], rest), labels.slice([0, 0], rest)), 'int32'),
      inLabel.slice([0, 1], rest),
    );
    return tf.add(tf.sum(inLabel, 1), tf.sum(repeats, 1)) as tf.Tensor1D;
  });
}

/**
 * The negative log-likelihood of each label sequence under the model's per-step class scores.
 *
 * @param logits [n, T, C] unnormalized scores per time step (log-softmax is applied here).
 * @param labels [n, L] int32 tokens, padded with `tokens.padding` after each label.
 * @returns [n] values of -log p(label | x), summed over every alignment.
 */
export function ctcNegLogLikelihood(
  logits: tf.Tensor3D,
  labels: tf.Tensor2D,
  tokens: CtcTokens,
): tf.Tensor1D {
  return DEVICE_RESIDENT_BACKENDS.has(tf.getBackend())
    ? ctcNegLogLikelihoodOnDevice(logits, labels, tokens)
    : ctcNegLogLikelihoodOnHost(logits, labels, tokens);
}

/** ctcNegLogLikelihood from the tensors' values, its gradient computed with it. */
export function ctcNegLogLikelihoodOnHost(
  logits: tf.Tensor3D,
  labels: tf.Tensor2D,
  tokens: CtcTokens,
): tf.Tensor1D {
  const [sequences, steps, classes] = logits.shape;
  const shape = { sequences, steps, classes, maxLength: labels.shape[1] };
  const labelValues = labels.dataSync();
  const nll = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const result = ctcForwardBackward(x.dataSync(), labelValues, shape, tokens);
    save([tf.tensor3d(result.grad, logits.shape)]);
    return {
      value: tf.tensor1d(result.nll) as tf.Tensor1D,
      gradFunc: (dy: tf.Tensor, [grad]: tf.Tensor[]) =>
        tf.mul(grad, tf.reshape(dy, [sequences, 1, 1])),
    };
  });
  return nll(logits) as tf.Tensor1D;
}

/** ctcNegLogLikelihood in tensor ops, differentiated by tf autodiff. */
export function ctcNegLogLikelihoodOnDevice(
  logits: tf.Tensor3D,
  labels: tf.Tensor2D,
  tokens: CtcTokens,
): tf.Tensor1D {
  const [n, steps] = logits.shape;
  const maxLength = labels.shape[1];
  const extended = 2 * maxLength + 1;
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    const lengths = labelLengths(labels, tokens.padding);
    // Extended labels z: blank at even positions, the label tokens at odd ones.
    const blanks = tf.fill([n, maxLength], tokens.blank, 'int32');
    const interleaved = tf.reshape(tf.stack([blanks, tf.cast(labels, 'int32')], 2), [n, -1]);
    const z = tf.concat([interleaved, tf.fill([n, 1], tokens.blank, 'int32')], 1);
    // Emission log-probabilities of each extended position at each step, [n, T, S], as a
    // product with one-hot rows: its gradient is a matmul, where a gather's would need
    // UnsortedSegmentSum, which the wasm backend lacks.
    const depth = logits.shape[2];
    const emissions = tf.matMul(logProbs, tf.oneHot(z, depth), false, true);
    // The skip s-2 -> s is allowed onto a label token that differs from the one two back.
    const zTwoBack = tf.pad(
      z.slice([0, 0], [n, extended - 2]),
      [
        [0, 0],
        [2, 0],
      ],
      tokens.blank,
    );
    const canSkip = tf.logicalAnd(tf.notEqual(z, tokens.blank), tf.notEqual(z, zTwoBack));
    // Each step reads, for every position s, the alphas at s, s-1 and s-2: one product with a
    // 0/1 selection matrix [S, 3S] picks them exactly (x * 1 plus zeros) in one op, which
    // matters because per-op overhead dominates this T-step loop. Predecessors that do not
    // exist, or may not be skipped from, get LOG_ZERO through `bias` instead.
    const selection = new Float32Array(extended * 3 * extended);
    const bias = new Float32Array(extended * 3);
    for (let position = 0; position < extended; position++) {
      for (let back = 0; back < 3; back++) {
        if (position - back >= 0)
          selection[(position - back) * 3 * extended + position * 3 + back] = 1;
        else bias[position * 3 + back] = LOG_ZERO;
      }
    }
    const select = tf.tensor2d(selection, [extended, 3 * extended]);
    const skipBias = tf.where(canSkip, tf.zeros([n, extended]), tf.fill([n, extended], LOG_ZERO));
    const noBias = tf.zeros([n, extended]);
    const predecessorBias = tf.add(
      tf.stack([noBias, noBias, skipBias], 2),
      tf.tensor3d(bias, [1, extended, 3]),
    );

    const perStep = tf.unstack(emissions, 1);
    // Paths start in the first blank or the first label token.
    const positions = tf.range(0, extended, 1, 'int32');
    const start = tf.less(positions, 2).expandDims(0);
    let alpha = tf.where(
      tf.broadcastTo(start, [n, extended]),
      perStep[0],
      tf.fill([n, extended], LOG_ZERO),
    );
    for (let t = 1; t < steps; t++) {
      const terms = tf.add(tf.reshape(tf.matMul(alpha, select), [n, extended, 3]), predecessorBias);
      alpha = tf.add(tf.logSumExp(terms, -1), perStep[t]);
    }
    // Paths end in the last label token (s = 2L-1) or the blank after it (s = 2L).
    const last = tf.mul(lengths, 2).expandDims(1);
    const ends = positions.expandDims(0);
    const end = tf.logicalOr(tf.equal(ends, last), tf.equal(ends, tf.sub(last, 1)));
    return tf.neg(
      tf.logSumExp(tf.where(end, alpha, tf.fill([n, extended], LOG_ZERO)), 1),
    ) as tf.Tensor1D;
  });
}

/**
 * The batch CTC loss as the lab's torch.nn.CTCLoss(zero_infinity=True) computes it: each
 * sequence's negative log-likelihood divided by its label length, averaged over the batch. A
 * label no alignment can produce (more tokens and repeats than time steps) counts as 0 rather
 * than as an infinite loss with a meaningless gradient.
 */
export function ctcLoss(logits: tf.Tensor3D, labels: tf.Tensor2D, tokens: CtcTokens): tf.Scalar {
  return tf.tidy(() => {
    const nll = ctcNegLogLikelihood(logits, labels, tokens);
    const lengths = tf.maximum(labelLengths(labels, tokens.padding), 1);
    // Decided from the labels alone: a condition computed from the logits would sit on the
    // gradient tape, and tfjs has no gradient for comparisons.
    const feasible = tf.lessEqual(requiredSteps(labels, tokens.padding), logits.shape[1]);
    return tf.mean(tf.where(feasible, tf.div(nll, lengths), tf.zerosLike(nll))) as tf.Scalar;
  });
}
