import * as tf from '@tensorflow/tfjs';
import type { SeededInit } from './init';

/** The lab's ConvBlock: a 3x3 same-padded convolution with ReLU. */
export function convBlock(
  init: SeededInit,
  filters: number,
  name: string,
  options: { strides?: number; inputShape?: number[] } = {},
): tf.layers.Layer {
  return tf.layers.conv2d({
    filters,
    kernelSize: 3,
    strides: options.strides ?? 1,
    padding: 'same',
    activation: 'relu',
    name,
    ...(options.inputShape ? { inputShape: options.inputShape } : {}),
    ...init.dense(),
  });
}

/** The character CNN's feature trunk (CNN and LineCNNSimple): two conv blocks, pool, dropout. */
export function charCnnTrunk(
  init: SeededInit,
  inputShape: number[],
  args: { conv_dim: number; fc_dropout: number },
): tf.layers.Layer[] {
  return [
    convBlock(init, args.conv_dim, 'conv1', { inputShape }),
    convBlock(init, args.conv_dim, 'conv2'),
    tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pool' }),
    tf.layers.dropout({ rate: args.fc_dropout, name: 'dropout' }),
  ];
}
