import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { convBlock } from './blocks';
import { seededInit } from './init';
import { windowCount } from './windows';

export interface LineCnnArgs {
  conv_dim: number;
  fc_dim: number;
  fc_dropout: number;
  window_width: number;
  window_stride: number;
}

/** The conv trunk halves the line's height and width twice. */
const DOWNSAMPLE = 4;

/**
 * A convolutional line encoder for CTC (after the lab's later LineCNN): a 3x3 conv, two
 * stride-2 3x3 convs (28 x 896 -> 7 x 224), then a window layer, a convolution covering the
 * full height and `window_width` pixels every `window_stride` pixels, giving one feature vector
 * per time step, and a dense layer of class scores per step: [T, classes], T = 111 at the
 * defaults. With more steps than characters, each glyph can span several steps whatever the
 * overlap, and CTC learns the alignment; class 0 (`<B>`) is the CTC blank.
 */
export function buildLineCNN(data: DataConfig, args: LineCnnArgs, seed: number): tf.Sequential {
  return tf.sequential({ name: 'LineCNN', layers: lineCnnLayers(data, args, seed) });
}

/** buildLineCNN's layers, not yet built (no weights). */
export function lineCnnLayers(
  data: DataConfig,
  args: LineCnnArgs,
  seed: number,
): tf.layers.Layer[] {
  const [height, width] = data.inputDims;
  const classes = data.outputDims[data.outputDims.length - 1];
  const { window_width: ww, window_stride: ws } = args;
  if (ww % DOWNSAMPLE !== 0 || ws % DOWNSAMPLE !== 0 || height % DOWNSAMPLE !== 0) {
    throw new Error(
      `LineCNN downsamples by ${DOWNSAMPLE}: --window_width and --window_stride (and the line ` +
        `height) must be multiples of ${DOWNSAMPLE}, got ${ww}, ${ws} (height ${height}).`,
    );
  }
  const steps = windowCount(width / DOWNSAMPLE, ww / DOWNSAMPLE, ws / DOWNSAMPLE);
  if (steps < 1) throw new Error(`LineCNN: a ${ww}-px window does not fit a ${width}-px line.`);
  const init = seededInit(seed);
  const conv = (name: string, strides: number, inputShape?: number[]) =>
    convBlock(init, args.conv_dim, name, { strides, inputShape });
  return [
    conv('conv1', 1, data.inputDims),
    conv('conv2', 2),
    conv('conv3', 2),
    tf.layers.dropout({ rate: args.fc_dropout, name: 'dropout1' }),
    tf.layers.conv2d({
      filters: args.fc_dim,
      kernelSize: [height / DOWNSAMPLE, ww / DOWNSAMPLE],
      strides: [1, ws / DOWNSAMPLE],
      activation: 'relu',
      name: 'window',
      ...init.dense(),
    }),
    tf.layers.reshape({ targetShape: [steps, args.fc_dim], name: 'steps' }),
    tf.layers.dropout({ rate: args.fc_dropout, name: 'dropout2' }),
    tf.layers.dense({ units: classes, name: 'fc', ...init.dense() }),
  ];
}
