import type * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { buildCNN, type CnnArgs } from './cnn';
import { buildLineCNN, type LineCnnArgs } from './lineCnn';
import { buildLineCNNSimple, type LineCnnSimpleArgs } from './lineCnnSimple';
import { buildMLP, type MlpArgs } from './mlp';
import { modelClassFlags } from './modelFlags';

export type ModelArgs = Record<string, number | string | boolean | undefined>;

interface ModelClass {
  build(data: DataConfig, args: ModelArgs, seed: number): tf.LayersModel;
}

/** Wraps a builder with a check that the data has one label per example or per line position. */
function forData(kind: 'characters' | 'lines', build: ModelClass['build']): ModelClass {
  return {
    build(data, args, seed) {
      const lines = data.outputDims.length === 2;
      if (lines !== (kind === 'lines')) {
        throw new Error(
          kind === 'lines'
            ? 'This model reads lines: use --data_class EMNISTLines.'
            : 'This model reads single characters: use a line model (LineCNNSimple, LineCNN) for EMNISTLines.',
        );
      }
      return build(data, args, seed);
    },
  };
}

/** Model classes by the name the CLI's `--model_class` and the studio use. */
export const modelClasses: Record<string, ModelClass> = {
  MLP: forData('characters', (d, a, s) => buildMLP(d, a as unknown as MlpArgs, s)),
  CNN: forData('characters', (d, a, s) => buildCNN(d, a as unknown as CnnArgs, s)),
  LineCNNSimple: forData('lines', (d, a, s) =>
    buildLineCNNSimple(d, a as unknown as LineCnnSimpleArgs, s),
  ),
  LineCNN: forData('lines', (d, a, s) => buildLineCNN(d, a as unknown as LineCnnArgs, s)),
};

export function modelClass(name: string): ModelClass {
  modelClassFlags(name);
  return modelClasses[name];
}
