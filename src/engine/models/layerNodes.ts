import * as tf from '@tensorflow/tfjs';

/** A layer and the earlier nodes it reads (their indices; -1 is the model's input). */
export interface LayerNode {
  layer: tf.layers.Layer;
  from: number[];
}

/** Builds a node list in topological order; `add` reads the previous node unless told. */
export function nodeList() {
  const nodes: LayerNode[] = [];
  return {
    nodes,
    add(layer: tf.layers.Layer, from = [nodes.length - 1]): number {
      nodes.push({ layer, from });
      return nodes.length - 1;
    },
  };
}

/** The nodes wired into a functional model. */
export function wireNodes(name: string, inputDims: number[], nodes: LayerNode[]): tf.LayersModel {
  const input = tf.input({ shape: inputDims, name: 'input' });
  const outputs: tf.SymbolicTensor[] = [];
  for (const { layer, from } of nodes) {
    const inputs = from.map((i) => (i < 0 ? input : outputs[i]));
    outputs.push(layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.SymbolicTensor);
  }
  return tf.model({ name, inputs: input, outputs: outputs[outputs.length - 1] });
}
