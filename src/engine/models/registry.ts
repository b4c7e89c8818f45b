import * as tf from '@tensorflow/tfjs';
import type { DataConfig } from '../data/types';
import { type CnnArgs, cnnLayers } from './cnn';
import { type LayerNode, wireNodes } from './layerNodes';
import { type LineCnnArgs, lineCnnLayers } from './lineCnn';
import { type LineCnnSimpleArgs, lineCnnSimpleLayers } from './lineCnnSimple';
import { type LineCnnTransformerArgs, lineCnnTransformerNodes } from './lineCnnTransformer';
import { type MlpArgs, mlpLayers } from './mlp';
import { modelClassFlags } from './modelFlags';
import { type ResNetArgs, resNetNodes } from './resNet';

export type ModelArgs = Record<string, number | string | boolean | undefined>;

interface ModelClass {
  /**
   * The model's layers, not yet built, wired as they run: their shapes without the weights'
   * memory. A Sequential's read one after another.
   */
  nodes(data: DataConfig, args: ModelArgs, seed: number): LayerNode[];
  build(data: DataConfig, args: ModelArgs, seed: number): tf.LayersModel;
}

type LayersOf = (data: DataConfig, args: ModelArgs, seed: number) => tf.layers.Layer[];

/**
 * A Sequential model class from its layers, with a check that the data has one label per
 * example or per line position.
 */
function forData(kind: 'characters' | 'lines', name: string, layersOf: LayersOf): ModelClass {
  const layers = checkedFor(kind, layersOf);
  return {
    nodes: (d, a, s) => layers(d, a, s).map((layer, i) => ({ layer, from: [i - 1] })),
    build: (d, a, s) => tf.sequential({ name, layers: layers(d, a, s) }),
  };
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
          : 'This model reads single characters: use a line model (LineCNNSimple, LineCNN, LineCNNTransformer) for EMNISTLines.',
      );
    }
    return of(data, args, seed);
  };
}

/** A functional model (ResNet, LineCNNTransformer): its layers wired by their nodes. */
function functional(
  kind: 'characters' | 'lines',
  name: string,
  nodesOf: (data: DataConfig, args: ModelArgs, seed: number) => LayerNode[],
): ModelClass {
  const nodes = checkedFor(kind, nodesOf);
  return { nodes, build: (d, a, s) => wireNodes(name, d.inputDims, nodes(d, a, s)) };
}

/** Model classes by the name the CLI's `--model_class` and the studio use. */
export const modelClasses: Record<string, ModelClass> = {
  MLP: forData('characters', 'MLP', (d, a, s) => mlpLayers(d, a as unknown as MlpArgs, s)),
  CNN: forData('characters', 'CNN', (d, a, s) => cnnLayers(d, a as unknown as CnnArgs, s)),
  ResNet: functional('characters', 'ResNet', (d, a, s) =>
    resNetNodes(d, a as unknown as ResNetArgs, s),
  ),
  LineCNNSimple: forData('lines', 'LineCNNSimple', (d, a, s) =>
    lineCnnSimpleLayers(d, a as unknown as LineCnnSimpleArgs, s),
  ),
  LineCNN: forData('lines', 'LineCNN', (d, a, s) =>
    lineCnnLayers(d, a as unknown as LineCnnArgs, s),
  ),
  LineCNNTransformer: functional('lines', 'LineCNNTransformer', (d, a, s) =>
    lineCnnTransformerNodes(d, a as unknown as LineCnnTransformerArgs, s),
  ),
};

export function modelClass(name: string): ModelClass {
  modelClassFlags(name);
  return modelClasses[name];
}
