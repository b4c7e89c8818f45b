import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { charCnnTrunk } from './blocks';
import type { CnnArgs } from './cnn';
import { seededInit } from './init';
import { windowCount } from './windows';

export interface LineCnnSimpleArgs extends CnnArgs {
  window_width: number;
  window_stride: number;
  limit_output_length: number;
}

/**
 * The lab's LineCNNSimple: the character CNN read across a line in windows of `window_width`
 * pixels every `window_stride` pixels, one class per window, the first `limit_output_length`
 * kept. As one plain LayersModel (so checkpoints and tfjs export work unchanged): the CNN's
 * conv trunk runs once over the whole line, and its first dense layer becomes a convolution
 * whose kernel covers exactly one window of the pooled features, with the same weights count
 * (1,654,035 parameters at the lab's defaults). Unlike cropping each window first, the 3x3
 * convolutions see one pixel of the neighbouring windows at a window's edge.
 */
export function buildLineCNNSimple(
  data: DataConfig,
  args: LineCnnSimpleArgs,
  seed: number,
): tf.Sequential {
  return tf.sequential({ name: 'LineCNNSimple', layers: lineCnnSimpleLayers(data, args, seed) });
}

/** buildLineCNNSimple's layers, not yet built (no weights). */
export function lineCnnSimpleLayers(
  data: DataConfig,
  args: LineCnnSimpleArgs,
  seed: number,
): tf.layers.Layer[] {
  const [height, width] = data.inputDims;
  const [length, classes] = data.outputDims;
  const { window_width: ww, window_stride: ws, limit_output_length: limit } = args;
  if (ww % 2 !== 0 || ws % 2 !== 0) {
    throw new Error(
      `LineCNNSimple needs an even --window_width and --window_stride (the CNN pools by 2), got ${ww} and ${ws}.`,
    );
  }
  const windows = windowCount(width, ww, ws);
  if (windows < limit || limit !== length) {
    throw new Error(
      `LineCNNSimple reads ${windows} windows of ${ww} px every ${ws} px on a ${width}-px line and ` +
        `keeps --limit_output_length ${limit}; the labels have ${length} positions. Both must ` +
        'be at least, and the kept outputs exactly, the label length.',
    );
  }
  const init = seededInit(seed);
  return [
    ...charCnnTrunk(init, data.inputDims, args),
    // The CNN's fc1 on each window of the pooled features: [1, windows, fc_dim].
    tf.layers.conv2d({
      filters: args.fc_dim,
      kernelSize: [height / 2, ww / 2],
      strides: [1, ws / 2],
      activation: 'relu',
      name: 'fc1',
      ...init.dense(),
    }),
    tf.layers.cropping2D({
      cropping: [
        [0, 0],
        [0, windows - limit],
      ],
      name: 'limit_output',
    }),
    tf.layers.reshape({ targetShape: [limit, args.fc_dim], name: 'windows' }),
    tf.layers.dense({ units: classes, name: 'fc2', ...init.dense() }),
  ];
}
