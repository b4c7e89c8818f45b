import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { type CnnArgs, cnnLayers } from './cnn';
import { type LineCnnArgs, lineCnnLayers } from './lineCnn';
import { type LineCnnSimpleArgs, lineCnnSimpleLayers } from './lineCnnSimple';
import { type MlpArgs, mlpLayers } from './mlp';
import { modelClassFlags } from './modelFlags';
import { type ResNetArgs, resNetNodes, wireNodes } from './resNet';

export type ModelArgs = Record<string, number | string | boolean | undefined>;

interface ModelClass {
  /**
   * The model's layers, not yet built: their shapes without the weights' memory. In the order
   * they run; a layer that adds two inputs adds two of the previous layer's shape.
   */
  layers(data: DataConfig, args: ModelArgs, seed: number): tf.layers.Layer[];
  build(data: DataConfig, args: ModelArgs, seed: number): tf.LayersModel;
}

type LayersOf = ModelClass['layers'];

/**
 * A model class from its layers, with a check that the data has one label per example or per
 * line position.
 */
function forData(kind: 'characters' | 'lines', name: string, layersOf: LayersOf): ModelClass {
  const layers = checkedFor(kind, layersOf);
  return { layers, build: (d, a, s) => tf.sequential({ name, layers: layers(d, a, s) }) };
}

function checkedFor<T>(
  kind: 'characters' | 'lines',
  of: (data: DataConfig, args: ModelArgs, seed: number) => T,
): (data: DataConfig, args: ModelArgs, seed: number) => T {
  return (data, args, seed) => {
    const lines = data.outputDims.length === 2;
    if (lines !== (kind === 'lines')) {
      throw new Error(
        kind === 'lines'
          ? 'This model reads lines: use --data_class EMNISTLines.'
          : 'This model reads single characters: use a line model (LineCNNSimple, LineCNN) for EMNISTLines.',
      );
    }
    return of(data, args, seed);
  };
}

/** The residual network: a functional model, its layers wired by resNetNodes. */
function resNet(): ModelClass {
  const nodes = checkedFor('characters', (d, a, s) =>
    resNetNodes(d, a as unknown as ResNetArgs, s),
  );
  return {
    layers: (d, a, s) => nodes(d, a, s).map((node) => node.layer),
    build: (d, a, s) => wireNodes('ResNet', d.inputDims, nodes(d, a, s)),
  };
}

/** Model classes by the name the CLI's `--model_class` and the studio use. */
export const modelClasses: Record<string, ModelClass> = {
  MLP: forData('characters', 'MLP', (d, a, s) => mlpLayers(d, a as unknown as MlpArgs, s)),
  CNN: forData('characters', 'CNN', (d, a, s) => cnnLayers(d, a as unknown as CnnArgs, s)),
  ResNet: resNet(),
  LineCNNSimple: forData('lines', 'LineCNNSimple', (d, a, s) =>
    lineCnnSimpleLayers(d, a as unknown as LineCnnSimpleArgs, s),
  ),
  LineCNN: forData('lines', 'LineCNN', (d, a, s) =>
    lineCnnLayers(d, a as unknown as LineCnnArgs, s),
  ),
};

export function modelClass(name: string): ModelClass {
  modelClassFlags(name);
  return modelClasses[name];
}
