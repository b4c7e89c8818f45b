import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { convBlock } from './blocks';
import { seededInit } from './init';
import { type LayerNode, nodeList } from './layerNodes';

export interface LineCnnTransformerArgs {
  conv_dim: number;
  tf_dim: number;
  tf_layers: number;
  tf_dropout: number;
}

/** The encoder halves the line's height twice and its width three times. */
export const LINE_TRANSFORMER_DOWNSAMPLE = { height: 4, width: 8 };
/**
 * Encoder columns each step's features read: 3 columns of 8 pixels and the convolutions' reach
 * cover a 28-pixel glyph and its neighbours' edges.
 */
export const WINDOW_STEPS = 3;
/** LayerNormalization's epsilon as PyTorch's nn.LayerNorm defaults it, for the exports. */
export const LAYER_NORM_EPSILON = 1e-5;

/**
 * The fast line reader (after the course's LineCNNTransformer): a fully convolutional encoder
 * runs once over the whole line: three 3x3 conv + ReLU blocks of conv_dim, 2 and 4 times as
 * many channels (the first with stride 2, the others followed by 2x2 and 1x2 max pooling), then
 * a convolution over the full remaining height and WINDOW_STEPS columns gives one tf_dim
 * feature vector per 8 pixels of width (T = 110 steps for a 28 x 896 line, about 3.5 per
 * 28-pixel glyph). Then `tf_layers` pre-norm Transformer encoder layers, each single-head
 * scaled dot-product self-attention and a ReLU feed-forward layer of 2 tf_dim units, each
 * added to its input; a last layer normalization and a dense layer of class scores per step
 * for CTC. The attention has no position embedding: the convolutional features carry where
 * they are relative to their neighbours. Pooling, and a stride only in the first layer (whose
 * input gradient is never computed), because strided convolutions' input gradient has no fast
 * wasm kernel. The nodes are in topological order; `from` wires them.
 */
export function lineCnnTransformerNodes(
  data: DataConfig,
  args: LineCnnTransformerArgs,
  seed: number,
): LayerNode[] {
  const [height, width] = data.inputDims;
  const { height: dh, width: dw } = LINE_TRANSFORMER_DOWNSAMPLE;
  if (height % dh !== 0 || width % dw !== 0) {
    throw new Error(
      `LineCNNTransformer needs a line height that is a multiple of ${dh} and a width that is ` +
        `a multiple of ${dw}, got ${height} x ${width}.`,
    );
  }
  const classes = data.outputDims[data.outputDims.length - 1];
  const dim = args.tf_dim;
  const init = seededInit(seed);
  const { nodes, add } = nodeList();
  // A residual branch's last layer (`zero`) starts at 0, so each layer starts as the identity
  // and the model as the encoder alone, which leaves CTC's all-blank plateau many times sooner.
  const dense = (
    name: string,
    units: number,
    options: { activation?: 'relu'; zero?: boolean; bias?: false; from?: number } = {},
  ) => {
    const zeros = {
      kernelInitializer: tf.initializers.zeros(),
      biasInitializer: tf.initializers.zeros(),
    };
    const { activation, zero, from = nodes.length - 1 } = options;
    const layer = tf.layers.dense({
      units,
      name,
      ...(activation ? { activation } : {}),
      ...(zero ? zeros : init.dense()),
      useBias: options.bias ?? true,
    });
    return add(layer, [from]);
  };
  const dropout = (name: string) => add(tf.layers.dropout({ rate: args.tf_dropout, name }));

  add(convBlock(init, args.conv_dim, 'conv1', { strides: 2 }));
  add(convBlock(init, 2 * args.conv_dim, 'conv2'));
  add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  add(convBlock(init, 4 * args.conv_dim, 'conv3'));
  add(tf.layers.maxPooling2d({ poolSize: [1, 2], name: 'pool3' }));
  add(
    tf.layers.conv2d({
      filters: dim,
      kernelSize: [height / dh, WINDOW_STEPS],
      activation: 'relu',
      name: 'window',
      ...init.dense(),
    }),
  );
  add(tf.layers.reshape({ targetShape: [width / dw - WINDOW_STEPS + 1, dim], name: 'steps' }));
  let x = dropout('steps_dropout');
  for (let layer = 1; layer <= args.tf_layers; layer++) {
    const name = `tf${layer}`;
    const normed = add(layerNorm(`${name}_norm1`), [x]);
    const query = dense(`${name}_query`, dim, { from: normed });
    // No key bias: it would add one number to all of a query's scores, which the softmax
    // ignores, so its gradient is zero and Adam would step on rounding noise alone.
    const key = dense(`${name}_key`, dim, { from: normed, bias: false });
    const value = dense(`${name}_value`, dim, { from: normed });
    add(tf.layers.dot({ axes: [2, 2], name: `${name}_scores` }), [query, key]);
    add(tf.layers.rescaling({ scale: 1 / Math.sqrt(dim), name: `${name}_scaled` }));
    const weights = add(tf.layers.softmax({ axis: -1, name: `${name}_attention` }));
    add(tf.layers.dot({ axes: [2, 1], name: `${name}_attended` }), [weights, value]);
    dense(`${name}_out`, dim, { zero: true });
    const attended = dropout(`${name}_out_dropout`);
    const mixed = add(tf.layers.add({ name: `${name}_add1` }), [x, attended]);
    add(layerNorm(`${name}_norm2`));
    dense(`${name}_ffn1`, 2 * dim, { activation: 'relu' });
    dense(`${name}_ffn2`, dim, { zero: true });
    const fed = dropout(`${name}_ffn_dropout`);
    x = add(tf.layers.add({ name: `${name}_add2` }), [mixed, fed]);
  }
  add(layerNorm('norm'), [x]);
  dense('fc', classes);
  return nodes;
}

function layerNorm(name: string): tf.layers.Layer {
  return tf.layers.layerNormalization({ axis: -1, epsilon: LAYER_NORM_EPSILON, name });
}
