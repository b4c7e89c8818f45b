import type * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { buildCNN, type CnnArgs } from './cnn';
import { buildMLP, type MlpArgs } from './mlp';
import { modelClassFlags } from './modelFlags';

export type ModelArgs = Record<string, number | string | boolean | undefined>;

interface ModelClass {
  build(data: DataConfig, args: ModelArgs, seed: number): tf.LayersModel;
}

/** Model classes by the name the CLI's `--model_class` and the studio use. */
export const modelClasses: Record<string, ModelClass> = {
  MLP: { build: (d, a, s) => buildMLP(d, a as unknown as MlpArgs, s) },
  CNN: { build: (d, a, s) => buildCNN(d, a as unknown as CnnArgs, s) },
};

export function modelClass(name: string): ModelClass {
  modelClassFlags(name);
  return modelClasses[name];
}
