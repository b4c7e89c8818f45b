import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { EMNIST_MAPPING } from '../data/emnistMapping';
import { classFlagDefaults } from '../flagSpec';
import { modelClassFlags } from '../models/modelFlags';
import { modelClass } from '../models/registry';
import { MAX_PARAMETERS, topologySize } from './topologyBounds';

beforeAll(useWasmBackend);

const characters = { inputDims: [28, 28, 1], outputDims: [83], mapping: [...EMNIST_MAPPING] };
const lines = { inputDims: [28, 896, 1], outputDims: [32, 83], mapping: [...EMNIST_MAPPING] };

function labTopology(name: string): { topology: unknown; model: tf.LayersModel } {
  const args = classFlagDefaults(modelClassFlags(name));
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
  it.each(['MLP', 'CNN', 'ResNet', 'LineCNNSimple', 'LineCNN', 'LineCNNTransformer'])(
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

  it('refuses what is not a Sequential or functional model of 1 to 128 layers', () => {
    const notAModel = 'its model topology is not a Sequential or functional model';
    expect(() => topologySize(null, fail)).toThrow(notAModel);
    expect(() => topologySize({ class_name: 'Functional', config: {} }, fail)).toThrow(notAModel);
    expect(() => topologySize({ class_name: 'Model', config: {} }, fail)).toThrow(
      'its model must have 1 to 128 layers',
    );
    const many = { class_name: 'Sequential', config: { layers: new Array(129).fill({}) } };
    expect(() => topologySize(many, fail)).toThrow('its model must have 1 to 128 layers');
  });
});

type Layer = {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[];
};
type Functional = { config: { layers: Layer[]; input_layers: unknown; output_layers: unknown } };

/** The default ResNet's topology, changed by `change`. */
function resNetWith(
  change: (topology: Functional, layer: (name: string) => Layer) => void,
  name = 'ResNet',
) {
  const { topology, model } = labTopology(name);
  model.dispose();
  const functional = topology as Functional;
  const layer = (name: string) => functional.config.layers.find((l) => l.name === name) as Layer;
  change(functional, layer);
  return () => topologySize(topology, fail);
}

describe('topologySize of a functional model', () => {
  it('counts the running statistics of batch normalization among the parameters', () => {
    const { topology, model } = labTopology('ResNet');
    // Every batch normalization's running mean and variance.
    expect(model.nonTrainableWeights.map((w) => w.originalName.split('/')[1])).toContain(
      'moving_variance',
    );
    expect(topologySize(topology, fail).parameters).toBe(model.countParams());
    model.dispose();
  });

  it('refuses wiring Inklab never builds, naming the layer', () => {
    expect(
      resNetWith((_, layer) => {
        layer('s1b1_add').inbound_nodes = [
          [
            ['stem_relu', 0, 0, {}],
            ['down2', 0, 0, {}],
          ],
        ];
      }),
    ).toThrow('layer 9 (s1b1_add, Add) reads ["down2",0,0,{}], not an earlier layer\'s output');
    expect(
      resNetWith((_, layer) => {
        layer('s1b1_add').inbound_nodes = [
          [
            ['input', 0, 0, {}],
            ['s1b1_conv2_bn', 0, 0, {}],
          ],
        ];
      }),
    ).toThrow('layer 9 (s1b1_add, Add) adds [28,28,1] and [28,28,32], which differ');
    expect(
      resNetWith((_, layer) => {
        layer('s2b1_add').inbound_nodes = [
          [
            ['stem_relu', 0, 0, {}],
            ['s2b1_conv2_bn', 0, 0, {}],
          ],
        ];
      }),
    ).toThrow('(s2b1_add, Add) adds [28,28,32] and [14,14,64], which differ');
    expect(
      resNetWith((_, layer) => {
        layer('fc').inbound_nodes = [
          [
            ['dropout', 0, 0, {}],
            ['pool', 0, 0, {}],
          ],
        ];
      }),
    ).toThrow('(fc, Dense) must read one earlier layer');
    expect(
      resNetWith((_, layer) => {
        layer('pool').inbound_nodes = [[['s3b1_relu', 1, 0, {}]]];
      }),
    ).toThrow('(pool, GlobalAveragePooling2D) reads ["s3b1_relu",1,0,{}]');
    expect(
      resNetWith((t) => {
        t.config.output_layers = [['pool', 0, 0]];
      }),
    ).toThrow("its model's output must be its last layer, fc");
    expect(
      resNetWith((t) => {
        t.config.layers[0].class_name = 'Conv2D';
      }),
    ).toThrow('layer 0 (input, Conv2D) must be an InputLayer');
    expect(
      resNetWith((_, layer) => {
        layer('stem_bn').name = 'stem';
      }),
    ).toThrow(
      'layer 2 (stem_bn, BatchNormalization) needs a name of letters, digits and _ that no earlier layer has',
    );
  });

  it('refuses keys in another spelling, which tfjs would read instead of the checked ones', () => {
    // tfjs camel-cases keys before it builds: `units_` would replace `units`.
    expect(
      resNetWith((_, layer) => {
        layer('fc').config.units_ = 100_000_000;
      }),
    ).toThrow('its model topology has the key "units_", not one Inklab writes');
    expect(
      resNetWith((_, layer) => {
        layer('stem').config.kernelSize = [9, 9];
      }),
    ).toThrow('its model topology has the key "kernelSize", not one Inklab writes');
    const { topology, model } = labTopology('CNN');
    model.dispose();
    (topology as { config: Record<string, unknown> }).config.layers_ = [];
    expect(() => topologySize(topology, fail)).toThrow(
      'its model topology has the key "layers_", not one Inklab writes',
    );
  });

  it('refuses a dropout mask shape, a layer nothing reads, and names of object properties', () => {
    expect(
      resNetWith((_, layer) => {
        layer('dropout').config.noise_shape = [1e9];
      }),
    ).toThrow('(dropout, Dropout) has noise_shape, which Inklab never sets');
    expect(
      resNetWith((t, layer) => {
        const fc = layer('fc');
        const dead = structuredClone(fc);
        dead.name = 'dead';
        dead.config.name = 'dead';
        dead.inbound_nodes = [[['pool', 0, 0, {}]]];
        t.config.layers.splice(t.config.layers.indexOf(fc), 0, dead);
      }),
    ).toThrow('its layer dead feeds no other layer');
    expect(
      resNetWith((_, layer) => {
        const pool = layer('pool');
        pool.name = 'constructor';
        pool.config.name = 'constructor';
        layer('dropout').inbound_nodes = [[['constructor', 0, 0, {}]]];
      }),
    ).toThrow('(constructor, GlobalAveragePooling2D) needs a name of letters, digits and _');
  });

  it("refuses attention and layer normalization other than Inklab's, and initial weights", () => {
    const transformerWith = (change: (layer: (name: string) => Layer) => void) =>
      resNetWith((_, layer) => change(layer), 'LineCNNTransformer');
    expect(
      transformerWith((layer) => {
        layer('tf1_scores').config.axes = [1, 1];
      }),
    ).toThrow(
      "layer 12 (tf1_scores, Dot) multiplies [110,128] and [110,128] over axes [1,1], not attention's",
    );
    expect(
      transformerWith((layer) => {
        delete layer('tf1_scores').config.axes;
      }),
    ).toThrow('over axes undefined');
    expect(
      transformerWith((layer) => {
        layer('tf1_attended').inbound_nodes = [[['tf1_attention', 0, 0, {}]]];
      }),
    ).toThrow('(tf1_attended, Dot) must read 2 earlier layers');
    expect(
      transformerWith((layer) => {
        layer('tf1_attention').config.axis = [1];
      }),
    ).toThrow('(tf1_attention, Softmax) has axis [1], not -1');
    expect(
      transformerWith((layer) => {
        layer('tf1_scaled').config.scale = [1, 2];
      }),
    ).toThrow('(tf1_scaled, Rescaling) needs a scale from -1e6 to 1e6, got [1,2]');
    expect(
      transformerWith((layer) => {
        delete layer('tf1_norm1').config.axis;
      }),
    ).toThrow('(tf1_norm1, LayerNormalization) normalizes axis undefined, not the last');
    expect(
      transformerWith((layer) => {
        layer('norm').config.weights = [{ shape: [16], dtype: 'float32' }];
      }),
    ).toThrow('(norm, LayerNormalization) has weights, which Inklab never sets');
  });

  it("refuses batch normalization and activations other than Inklab's", () => {
    expect(
      resNetWith((_, layer) => {
        layer('stem_bn').config.center = false;
      }),
    ).toThrow('layer 2 (stem_bn, BatchNormalization) must both center and scale');
    expect(
      resNetWith((_, layer) => {
        layer('stem_bn').config.epsilon = 0;
      }),
    ).toThrow('needs an epsilon in (0, 1], got 0');
    expect(
      resNetWith((_, layer) => {
        layer('stem_bn').config.gamma_regularizer = { class_name: 'L1L2', config: {} };
      }),
    ).toThrow('has gamma_regularizer, which Inklab never sets');
    expect(
      resNetWith((_, layer) => {
        layer('stem_relu').config.activation = 'elu';
      }),
    ).toThrow('layer 3 (stem_relu, Activation) has activation "elu"');
  });
});
