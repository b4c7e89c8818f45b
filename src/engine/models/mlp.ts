import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { seededInit } from './init';

export interface MlpArgs {
  fc1: number;
  fc2: number;
  fc_dropout: number;
}

/** The lab's MLP: flatten -> fc1 -> ReLU -> dropout -> fc2 -> ReLU -> dropout -> classes (logits). */
export function buildMLP(data: DataConfig, args: MlpArgs, seed: number): tf.Sequential {
  return tf.sequential({ name: 'MLP', layers: mlpLayers(data, args, seed) });
}

/** buildMLP's layers, not yet built (no weights). */
export function mlpLayers(data: DataConfig, args: MlpArgs, seed: number): tf.layers.Layer[] {
  const init = seededInit(seed);
  return [
    tf.layers.flatten({ inputShape: data.inputDims, name: 'flatten' }),
    tf.layers.dense({ units: args.fc1, activation: 'relu', name: 'fc1', ...init.dense() }),
    tf.layers.dropout({ rate: args.fc_dropout, name: 'dropout1' }),
    tf.layers.dense({ units: args.fc2, activation: 'relu', name: 'fc2', ...init.dense() }),
    tf.layers.dropout({ rate: args.fc_dropout, name: 'dropout2' }),
    tf.layers.dense({ units: data.outputDims[0], name: 'fc3', ...init.dense() }),
  ];
}
