import * as tf from '@tensorflow/tfjs';

interface LayerNormalizationLayer {
  axis: number[];
  epsilon: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
}

/**
 * tf.layers.LayerNormalization computes the same normalization as tfjs-layers does, but
 * broadcasting its statistics, scale and offset instead of tiling all four to the input's shape
 * (a workaround in tfjs-layers for batchNorm's gradients): on wasm the Tile kernel and Tile's
 * gradient, one slice per tile, took most of a Transformer head's training step. The layer's
 * class and config are unchanged, so models save and load as before. Idempotent.
 */
export function broadcastLayerNormalization(): void {
  const prototype = Object.getPrototypeOf(tf.layers.layerNormalization({})) as {
    call: (this: LayerNormalizationLayer, inputs: tf.Tensor | tf.Tensor[]) => tf.Tensor;
    inklabBroadcast?: boolean;
  };
  if (prototype.inklabBroadcast) return;
  prototype.inklabBroadcast = true;
  prototype.call = function (inputs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, this.axis, true);
      // The normalized axes keep their sizes; the others broadcast.
      const shape = x.shape.map((size, axis) => (this.axis.includes(axis) ? size : 1));
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      if (this.gamma) y = tf.mul(y, tf.reshape(this.gamma.read(), shape));
      if (this.beta) y = tf.add(y, tf.reshape(this.beta.read(), shape));
      return y;
    });
  };
}
