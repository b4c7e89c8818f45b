import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { EMNIST_MAPPING } from '../data/emnistMapping';
import { modelClassFlags } from '../models/modelFlags';
import { modelClass } from '../models/registry';
import { MAX_PARAMETERS, topologySize } from './topologyBounds';

beforeAll(useWasmBackend);

const characters = { inputDims: [28, 28, 1], outputDims: [83], mapping: [...EMNIST_MAPPING] };
const lines = { inputDims: [28, 896, 1], outputDims: [32, 83], mapping: [...EMNIST_MAPPING] };

function labTopology(name: string): { topology: unknown; model: tf.LayersModel } {
  const args = Object.fromEntries(modelClassFlags(name).map((f) => [f.name, f.default]));
  const data = name.startsWith('Line') ? lines : characters;
  const model = modelClass(name).build(data, args, 1);
  return { topology: model.toJSON(null, false), model };
}

const fail = (what: string): never => {
  throw new Error(what);
};

/** The CNN topology with one layer config changed. */
function cnnWith(layer: number, change: (config: Record<string, unknown>) => void): unknown {
  const { topology, model } = labTopology('CNN');
  model.dispose();
  const layers = (topology as { config: { layers: { config: Record<string, unknown> }[] } }).config
    .layers;
  change(layers[layer].config);
  return topology;
}

describe('topologySize', () => {
  it.each(['MLP', 'CNN', 'LineCNNSimple', 'LineCNN'])(
    "matches tfjs for the lab's %s: parameters and output shape",
    (name) => {
      const { topology, model } = labTopology(name);
      const size = topologySize(topology, fail);
      expect(size.parameters).toBe(model.countParams());
      expect(size.outputShape).toEqual(model.outputs[0].shape.slice(1));
      expect(size.inputShape).toEqual(model.inputs[0].shape.slice(1));
      model.dispose();
    },
  );

  it('refuses a dense layer of 300,000 units, naming the layer and the count', () => {
    const topology = cnnWith(5, (c) => {
      c.units = 300_000;
    });
    // conv 640 + 36,928 parameters, then 12,544 inputs x 300,000 units + 300,000 biases.
    expect(() => topologySize(topology, fail)).toThrow(
      `layer 5 (fc1, Dense) brings the model to 3763537568 parameters, more than the ${MAX_PARAMETERS} allowed`,
    );
  });

  it('refuses layer classes, initializers and regularizers Inklab never builds', () => {
    const lstm = cnnWith(4, () => {});
    (lstm as { config: { layers: { class_name: string }[] } }).config.layers[4].class_name = 'LSTM';
    expect(() => topologySize(lstm, fail)).toThrow(
      /^layer 4 \(flatten, LSTM\) is not one of the layer classes Inklab builds/,
    );
    const orthogonal = cnnWith(0, (c) => {
      c.kernel_initializer = { class_name: 'Orthogonal', config: {} };
    });
    expect(() => topologySize(orthogonal, fail)).toThrow(
      'layer 0 (conv1, Conv2D) has a kernel_initializer other than VarianceScaling or Zeros',
    );
    const regularized = cnnWith(6, (c) => {
      c.kernel_regularizer = { class_name: 'L1L2', config: {} };
    });
    expect(() => topologySize(regularized, fail)).toThrow(
      'layer 6 (fc2, Dense) has kernel_regularizer, which Inklab never sets',
    );
  });

  it('refuses an input or an activation too large before any layer is counted', () => {
    const wide = cnnWith(0, (c) => {
      c.batch_input_shape = [null, 4096, 4096, 1];
    });
    expect(() => topologySize(wide, fail)).toThrow(
      "its model's input [4096,4096,1] has 16777216 values, more than 1048576",
    );
    const filters = cnnWith(0, (c) => {
      c.filters = 30_000;
    });
    expect(() => topologySize(filters, fail)).toThrow(
      'layer 0 (conv1, Conv2D) outputs [28,28,30000], 23520000 values per example, more than 16777216',
    );
  });

  it('refuses what is not a Sequential of 1 to 64 layers', () => {
    expect(() => topologySize(null, fail)).toThrow('its model topology is not a Sequential model');
    expect(() => topologySize({ class_name: 'Model', config: {} }, fail)).toThrow(
      'its model topology is not a Sequential model',
    );
    const many = { class_name: 'Sequential', config: { layers: new Array(65).fill({}) } };
    expect(() => topologySize(many, fail)).toThrow('its model must have 1 to 64 layers');
  });
});
