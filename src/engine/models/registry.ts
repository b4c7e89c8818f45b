import type * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import type { ClassFlag } from '../flagSpec';
import { buildCNN, type CnnArgs, cnnFlags } from './cnn';
import { buildMLP, type MlpArgs, mlpFlags } from './mlp';

export type ModelArgs = Record<string, number | string | boolean | undefined>;

interface ModelClass {
  flags: ClassFlag[];
  build(data: DataConfig, args: ModelArgs, seed: number): tf.LayersModel;
}

/** Model classes by the name the CLI's `--model_class` and the studio use. */
export const modelClasses: Record<string, ModelClass> = {
  MLP: { flags: mlpFlags, build: (d, a, s) => buildMLP(d, a as unknown as MlpArgs, s) },
  CNN: { flags: cnnFlags, build: (d, a, s) => buildCNN(d, a as unknown as CnnArgs, s) },
};

export function modelClass(name: string): ModelClass {
  const found = modelClasses[name];
  if (!found) {
    throw new Error(
      `Unknown model class '${name}'. Choose one of: ${Object.keys(modelClasses).join(', ')}.`,
    );
  }
  return found;
}
