import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { charCnnTrunk } from './blocks';
import { seededInit } from './init';

export interface CnnArgs {
  conv_dim: number;
  fc_dim: number;
  fc_dropout: number;
}

/**
 * The lab's CNN: two 3x3 same-padded conv + ReLU blocks, 2x2 max pool, dropout, a ReLU dense
 * layer and a dense layer of logits. 1,654,035 parameters with the 83-token mapping.
 */
export function buildCNN(data: DataConfig, args: CnnArgs, seed: number): tf.Sequential {
  return tf.sequential({ name: 'CNN', layers: cnnLayers(data, args, seed) });
}

/** buildCNN's layers, not yet built (no weights). */
export function cnnLayers(data: DataConfig, args: CnnArgs, seed: number): tf.layers.Layer[] {
  const init = seededInit(seed);
  return [
    ...charCnnTrunk(init, data.inputDims, args),
    tf.layers.flatten({ name: 'flatten' }),
    tf.layers.dense({ units: args.fc_dim, activation: 'relu', name: 'fc1', ...init.dense() }),
    tf.layers.dense({ units: data.outputDims[0], name: 'fc2', ...init.dense() }),
  ];
}
