import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { type SeededInit, seededInit } from './init';
import { type LayerNode, nodeList } from './layerNodes';

export interface ResNetArgs {
  conv_dim: number;
  blocks: number;
  fc_dropout: number;
}

/**
 * Batch normalization as PyTorch's BatchNorm2d defaults it (momentum 0.1 there: tfjs keeps
 * `momentum` of the old value where PyTorch takes `momentum` of the new one), so the PyTorch
 * and ONNX exports carry the same statistics and epsilon.
 */
export const BN_MOMENTUM = 0.9;
export const BN_EPSILON = 1e-5;

/** Stages of residual blocks; each after the first halves the image and doubles the width. */
export const RESNET_STAGES = 3;

/**
 * A small residual network with batch normalization for single characters: a 3x3 stem, then
 * three stages of `blocks` residual blocks (conv-BN-ReLU-conv-BN plus the block's input, then
 * ReLU) at widths conv_dim, 2 conv_dim and 4 conv_dim, between stages a 2x2 max pool and a
 * conv-BN-ReLU that widens, then global average pooling, dropout and a dense layer of logits.
 * Every shortcut is the identity: the layers between stages change the shape, so each block
 * adds two tensors of one shape. Pooling rather than stride-2 convolutions, whose input gradient
 * has no fast wasm kernel. The nodes are in topological order; `from` wires them.
 */
export function resNetNodes(data: DataConfig, args: ResNetArgs, seed: number): LayerNode[] {
  const init = seededInit(seed);
  const { nodes, add } = nodeList();
  const convBn = (name: string, filters: number) => {
    add(conv(init, name, filters));
    add(batchNorm(`${name}_bn`));
  };
  const relu = (name: string) => add(tf.layers.activation({ activation: 'relu', name }));

  convBn('stem', args.conv_dim);
  let last = relu('stem_relu');
  for (let stage = 1; stage <= RESNET_STAGES; stage++) {
    const filters = args.conv_dim * 2 ** (stage - 1);
    if (stage > 1) {
      add(tf.layers.maxPooling2d({ poolSize: 2, name: `down${stage}_pool` }));
      convBn(`down${stage}`, filters);
      last = relu(`down${stage}_relu`);
    }
    for (let block = 1; block <= args.blocks; block++) {
      const name = `s${stage}b${block}`;
      convBn(`${name}_conv1`, filters);
      relu(`${name}_relu1`);
      convBn(`${name}_conv2`, filters);
      add(tf.layers.add({ name: `${name}_add` }), [last, nodes.length - 1]);
      last = relu(`${name}_relu`);
    }
  }
  add(tf.layers.globalAveragePooling2d({ name: 'pool' }));
  add(tf.layers.dropout({ rate: args.fc_dropout, name: 'dropout' }));
  add(tf.layers.dense({ units: data.outputDims[0], name: 'fc', ...init.dense() }));
  return nodes;
}

function conv(init: SeededInit, name: string, filters: number): tf.layers.Layer {
  const { kernelInitializer } = init.dense();
  return tf.layers.conv2d({
    filters,
    kernelSize: 3,
    padding: 'same',
    // The batch normalization after it has its own offset.
    useBias: false,
    kernelInitializer,
    name,
  });
}

function batchNorm(name: string): tf.layers.Layer {
  return tf.layers.batchNormalization({ momentum: BN_MOMENTUM, epsilon: BN_EPSILON, name });
}
