import * as tf from '@tensorflow/tfjs';

/**
 * FusedBatchNorm's gradient as tfjs-core computes it, except that the input's gradient
 * broadcasts 1/sqrt(variance + epsilon) over the batch instead of tiling it to the input's full
 * shape first: the same products, element for element, without a copy as large as the
 * activation (the slowest part of a residual network's training step on wasm). Every backend
 * trains with it. Idempotent.
 */
export function registerBatchNormGradient(): void {
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
      const [x, mean, variance, scale] = saved;
      const dyTensor = dy as tf.Tensor;
      const scaleValue = scale ?? tf.scalar(1);
      // Over every axis but the channels' when the statistics are per channel.
      const axes = mean.rank === 1 ? x.shape.slice(0, -1).map((_, i) => i) : [];
      const reduce = (t: tf.Tensor) => tf.reshape(axes.length ? tf.sum(t, axes) : t, mean.shape);
      const xMinusMean = tf.sub(x, mean);
      const dyTimesScale = tf.mul(dyTensor, scaleValue);
      const rsqrtVariance = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const minusHalfRCube = tf.mul(
        tf.mul(tf.mul(rsqrtVariance, rsqrtVariance), rsqrtVariance),
        tf.scalar(-0.5),
      );
      return {
        x: () => tf.reshape(tf.mul(tf.mul(dyTensor, rsqrtVariance), scaleValue), x.shape),
        mean: () => reduce(tf.mul(tf.mul(rsqrtVariance, tf.scalar(-1)), dyTimesScale)),
        variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
        scale: () => reduce(tf.mul(dyTensor, tf.mul(xMinusMean, rsqrtVariance))),
        offset: () => reduce(dyTensor),
      };
    },
  });
}
