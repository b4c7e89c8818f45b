/**
 * What a checkpoint's model topology implies, worked out from the layers' configs alone, so a
 * hostile topology is refused before tfjs builds (and allocates) anything: only the layer
 * classes Inklab's models use, wired only as they wire them, a bounded layer count, input size,
 * activation size and parameter count.
 */

/** The lab's CNN has 1.65 M; this leaves room for much wider models. */
export const MAX_PARAMETERS = 50_000_000;
/** A residual network of MAX_RESIDUAL_BLOCKS blocks per stage fits (../flagSpec.ts). */
export const MAX_LAYERS = 128;
/** Values per example: an EMNISTLines line is 28 x 896. */
export const MAX_INPUT_VALUES = 1 << 20;
/** Values per example of any layer's output. */
export const MAX_ACTIVATION_VALUES = 1 << 24;

/** The tf.layers classes the models in src/engine/models build (besides a functional input). */
const LAYER_CLASSES = [
  'Conv2D',
  'MaxPooling2D',
  'Dropout',
  'Flatten',
  'Dense',
  'Reshape',
  'Cropping2D',
  'BatchNormalization',
  'Activation',
  'GlobalAveragePooling2D',
  'Add',
  'Dot',
  'Rescaling',
  'Softmax',
  'LayerNormalization',
] as const;
type LayerClass = (typeof LAYER_CLASSES)[number];
/** Seeded Glorot kernels serialize as VarianceScaling; biases and statistics start at 0 or 1. */
const INITIALIZERS = ['VarianceScaling', 'Zeros', 'Ones'];
const INITIALIZER_KEYS = [
  'kernel_initializer',
  'bias_initializer',
  'beta_initializer',
  'gamma_initializer',
  'moving_mean_initializer',
  'moving_variance_initializer',
];
/** What `Sequential.toJSON` and `LayersModel.toJSON` write. */
const TOPOLOGY_KEYS = ['class_name', 'config', 'keras_version', 'backend'];
/** A functional model's config, and each of its layers. */
const FUNCTIONAL_KEYS = ['name', 'layers', 'input_layers', 'output_layers'];
const FUNCTIONAL_LAYER_KEYS = ['name', 'class_name', 'config', 'inbound_nodes'];
const INPUT_LAYER_KEYS = ['batch_input_shape', 'dtype', 'sparse', 'name'];
/** The names Inklab gives layers. */
const LAYER_NAME = /^[A-Za-z0-9_]{1,64}$/;
/** Inklab's layers have none of these; tfjs would build whatever they name. */
const ABSENT_KEYS = [
  'kernel_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'kernel_constraint',
  'bias_constraint',
  'beta_regularizer',
  'gamma_regularizer',
  'beta_constraint',
  'gamma_constraint',
  'input_shape',
  'input_dim',
  'batch_size',
  // Dropout's mask shape, which tfjs would allocate as given.
  'noise_shape',
  // Initial values tfjs would assign as given (the checkpoint's weights come separately).
  'weights',
];
/**
 * tfjs camel-cases every key before it builds (`kernel_size`, `kernel__size` and `kernelSize`
 * all become `kernelSize`, the last one written winning), so only keys in the one spelling this
 * checker reads are allowed: lowercase words joined by single underscores, each word starting
 * with a letter (so no two such keys camel-case alike).
 */
const CANONICAL_KEY = /^[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*$/;
/** Deeper than any topology Inklab writes (a layer's initializer's config is at 7). */
const MAX_DEPTH = 12;

export interface TopologySize {
  parameters: number;
  /** Per example, without the batch dimension. */
  inputShape: number[];
  outputShape: number[];
}

type Config = Record<string, unknown>;

const isObject = (value: unknown): value is Config =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Walks `topology` (a Sequential's or a functional model's `toJSON`) layer by layer; `fail`
 * throws the caller's error with a sentence such as "layer 5 (fc1, Dense) ...".
 */
export function topologySize(topology: unknown, fail: (what: string) => never): TopologySize {
  const kind = isObject(topology) ? topology.class_name : undefined;
  if (!isObject(topology) || (kind !== 'Sequential' && kind !== 'Model')) {
    return fail('its model topology is not a Sequential or functional model');
  }
  if (!isObject(topology.config)) return fail('its model topology has no config');
  checkKeys(topology, 0, fail);
  // tfjs would build `model_config`, say, instead of the layers checked here.
  const extra = Object.keys(topology).find((key) => !TOPOLOGY_KEYS.includes(key));
  if (extra !== undefined) fail(`its model topology has ${JSON.stringify(extra.slice(0, 60))}`);
  const layers = topology.config.layers;
  if (!Array.isArray(layers) || layers.length === 0 || layers.length > MAX_LAYERS) {
    return fail(`its model must have 1 to ${MAX_LAYERS} layers`);
  }
  return kind === 'Sequential'
    ? sequentialSize(layers, fail)
    : functionalSize(topology.config, layers, fail);
}

/** Every key anywhere in the topology is canonical (see CANONICAL_KEY), within MAX_DEPTH. */
function checkKeys(value: unknown, depth: number, fail: (what: string) => never): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) fail(`its model topology nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    for (const item of value) checkKeys(item, depth + 1, fail);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!CANONICAL_KEY.test(key)) {
      fail(
        `its model topology has the key ${JSON.stringify(key.slice(0, 60))}, not one Inklab writes`,
      );
    }
    checkKeys(item, depth + 1, fail);
  }
}

function sequentialSize(layers: unknown[], fail: (what: string) => never): TopologySize {
  let shape = inputShape(layers[0], fail);
  const input = shape;
  const total = { parameters: 0 };
  for (const [index, layer] of layers.entries()) {
    shape = checkedLayer(index, layer, [shape], total, fail);
  }
  return { parameters: total.parameters, inputShape: input, outputShape: shape };
}

/**
 * A functional model as LayersModel.toJSON writes Inklab's: an InputLayer first, then layers in
 * order, each reading earlier ones (an Add two of them, the rest one), the last the output.
 */
function functionalSize(
  config: Config,
  layers: unknown[],
  fail: (what: string) => never,
): TopologySize {
  const extra = Object.keys(config).find((key) => !FUNCTIONAL_KEYS.includes(key));
  if (extra !== undefined) fail(`its model config has ${JSON.stringify(extra.slice(0, 60))}`);
  const shapes = new Map<string, number[]>();
  const read = new Set<string>();
  const total = { parameters: 0 };
  let last = '';
  for (const [index, layer] of layers.entries()) {
    const at = (what: string): never => fail(`layer ${index} ${layerLabel(layer)} ${what}`);
    if (!isObject(layer)) return at('is not an object');
    const key = Object.keys(layer).find((k) => !FUNCTIONAL_LAYER_KEYS.includes(k));
    if (key !== undefined) at(`has ${JSON.stringify(key.slice(0, 60))}`);
    const name = layer.name;
    // tfjs keeps layers in plain objects by name: no `constructor` or `__proto__`.
    const named = typeof name === 'string' && LAYER_NAME.test(name) && !(name in Object.prototype);
    if (!named || shapes.has(name)) {
      return at('needs a name of letters, digits and _ that no earlier layer has');
    }
    if (!isObject(layer.config) || layer.config.name !== name) {
      return at('needs a config with its own name');
    }
    const inbound = layer.inbound_nodes;
    if (index === 0) {
      if (layer.class_name !== 'InputLayer') return at('must be an InputLayer');
      const inputKey = Object.keys(layer.config).find((k) => !INPUT_LAYER_KEYS.includes(k));
      if (inputKey !== undefined) at(`has ${JSON.stringify(inputKey.slice(0, 60))}`);
      if (layer.config.sparse !== undefined && layer.config.sparse !== false) at('is sparse');
      if (layer.config.dtype !== undefined && layer.config.dtype !== 'float32') {
        at('has a dtype other than float32');
      }
      if (!Array.isArray(inbound) || inbound.length !== 0) at('must read no other layer');
      shapes.set(name, inputShape(layer, fail));
    } else {
      const twoInputs = layer.class_name === 'Add' || layer.class_name === 'Dot';
      const inputs = inboundShapes(inbound, twoInputs ? 2 : 1, shapes, read, at);
      shapes.set(name, checkedLayer(index, layer, inputs, total, fail));
    }
    last = name;
  }
  // tfjs builds every layer listed, but the model keeps only those its output depends on.
  const unread = [...shapes.keys()].find((name) => name !== last && !read.has(name));
  if (unread !== undefined) fail(`its layer ${unread} feeds no other layer`);
  const first = (layers[0] as Config).name;
  const only = (refs: unknown, want: string) =>
    JSON.stringify(refs) === JSON.stringify([[want, 0, 0]]);
  if (!only(config.input_layers, first as string)) fail(`its model's input must be ${first}`);
  if (!only(config.output_layers, last)) fail(`its model's output must be its last layer, ${last}`);
  const inputShapeOf = shapes.get(first as string) as number[];
  const outputShape = shapes.get(last) as number[];
  return { parameters: total.parameters, inputShape: inputShapeOf, outputShape };
}

/** The shapes a functional layer reads: `count` earlier layers' first outputs. */
function inboundShapes(
  inbound: unknown,
  count: number,
  shapes: Map<string, number[]>,
  read: Set<string>,
  at: (what: string) => never,
): number[][] {
  const node = Array.isArray(inbound) && inbound.length === 1 ? inbound[0] : undefined;
  if (!Array.isArray(node) || node.length !== count) {
    return at(`must read ${count === 1 ? 'one earlier layer' : `${count} earlier layers`}`);
  }
  return node.map((ref) => {
    const ok =
      Array.isArray(ref) &&
      ref.length === 4 &&
      shapes.has(ref[0]) &&
      ref[1] === 0 &&
      ref[2] === 0 &&
      isObject(ref[3]) &&
      Object.keys(ref[3]).length === 0;
    if (!ok) return at(`reads ${JSON.stringify(ref).slice(0, 80)}, not an earlier layer's output`);
    read.add(ref[0]);
    return shapes.get(ref[0]) as number[];
  });
}

/** One layer's output shape after its checks; adds its parameters to `total`. */
function checkedLayer(
  index: number,
  layer: unknown,
  inputs: number[][],
  total: { parameters: number },
  fail: (what: string) => never,
): number[] {
  const at = (what: string): never => fail(`layer ${index} ${layerLabel(layer)} ${what}`);
  if (!isObject(layer) || !isObject(layer.config)) return at('has no config');
  const className = layer.class_name;
  if (!LAYER_CLASSES.includes(className as LayerClass)) {
    return at(`is not one of the layer classes Inklab builds (${LAYER_CLASSES.join(', ')})`);
  }
  checkCommonKeys(layer.config, index, at);
  const out =
    inputs.length === 2 && className === 'Add'
      ? addOutput(inputs, at)
      : inputs.length === 2 && className === 'Dot'
        ? dotOutput(inputs, layer.config, at)
        : layerOutput(className as LayerClass, layer.config, inputs[0], at);
  total.parameters += out.parameters;
  if (total.parameters > MAX_PARAMETERS) {
    at(
      `brings the model to ${total.parameters} parameters, more than the ${MAX_PARAMETERS} allowed`,
    );
  }
  const values = product(out.shape);
  if (values > MAX_ACTIVATION_VALUES) {
    at(`outputs [${out.shape}], ${values} values per example, more than ${MAX_ACTIVATION_VALUES}`);
  }
  return out.shape;
}

/** Inklab's residual blocks add two tensors of one shape. */
function addOutput(inputs: number[][], at: (what: string) => never) {
  const [a, b] = inputs;
  if (a.join() !== b.join()) at(`adds [${a}] and [${b}], which differ`);
  return { shape: a, parameters: 0 };
}

/**
 * Attention's two products, per example: scores q·kᵀ of two [T, d] inputs (axes [2, 2]), and
 * the weighted values w·v of [T, T'] and [T', d] (axes [2, 1]).
 */
function dotOutput(inputs: number[][], config: Config, at: (what: string) => never) {
  const [a, b] = inputs;
  const axes = String(JSON.stringify(config.axes));
  if (config.normalize !== false) at('must not normalize');
  if (a.length !== 2 || b.length !== 2) at(`multiplies [${a}] and [${b}], not two matrices`);
  if (axes === '[2,2]' && a[1] === b[1]) return { shape: [a[0], b[0]], parameters: 0 };
  if (axes === '[2,1]' && a[1] === b[0]) return { shape: [a[0], b[1]], parameters: 0 };
  return at(`multiplies [${a}] and [${b}] over axes ${axes.slice(0, 40)}, not attention's`);
}

function layerLabel(layer: unknown): string {
  const config = isObject(layer) && isObject(layer.config) ? layer.config : {};
  const name = typeof config.name === 'string' ? config.name.slice(0, 60) : '?';
  const className = isObject(layer) ? String(layer.class_name).slice(0, 60) : '?';
  return `(${name}, ${className})`;
}

function inputShape(first: unknown, fail: (what: string) => never): number[] {
  const config = isObject(first) && isObject(first.config) ? first.config : {};
  const batch = config.batch_input_shape;
  if (
    !Array.isArray(batch) ||
    batch.length < 2 ||
    batch.length > 4 ||
    batch[0] !== null ||
    !batch.slice(1).every((d) => isCount(d, 1) && d <= MAX_INPUT_VALUES)
  ) {
    return fail(
      'its first layer needs batch_input_shape [null, ...1 to 3 sizes >= 1], got ' +
        JSON.stringify(batch ?? null).slice(0, 60),
    );
  }
  const shape = batch.slice(1) as number[];
  const values = product(shape);
  if (values > MAX_INPUT_VALUES) {
    fail(`its model's input [${shape}] has ${values} values, more than ${MAX_INPUT_VALUES}`);
  }
  return shape;
}

function checkCommonKeys(config: Config, index: number, at: (what: string) => never): void {
  for (const key of ABSENT_KEYS) {
    if (config[key] !== undefined && config[key] !== null)
      at(`has ${key}, which Inklab never sets`);
  }
  if (index > 0 && config.batch_input_shape !== undefined) {
    at('has batch_input_shape, which only the first layer may have');
  }
  if (config.dtype !== undefined && config.dtype !== 'float32')
    at('has a dtype other than float32');
  if (config.data_format !== undefined && config.data_format !== 'channels_last') {
    at('has a data_format other than channels_last');
  }
  for (const key of INITIALIZER_KEYS) {
    const init = config[key];
    if (
      init !== undefined &&
      (!isObject(init) || !INITIALIZERS.includes(String(init.class_name)))
    ) {
      at(`has a ${key} other than ${INITIALIZERS.join(' or ')}`);
    }
    if (isObject(init) && !initializerConfigOk(init.class_name, init.config)) {
      at(`has a ${key} whose config tfjs could not sample from`);
    }
  }
}

/**
 * The initial values are overwritten by the checkpoint's, but tfjs draws them first: a scale
 * that is not a positive number would make its truncated-normal sampler loop forever.
 */
function initializerConfigOk(className: unknown, config: unknown): boolean {
  if (!isObject(config)) return false;
  if (className === 'Zeros' || className === 'Ones') return Object.keys(config).length === 0;
  const { scale, mode, distribution, seed, ...rest } = config;
  return (
    Object.keys(rest).length === 0 &&
    typeof scale === 'number' &&
    scale > 0 &&
    scale <= 1e6 &&
    ['fan_in', 'fan_out', 'fan_avg'].includes(String(mode)) &&
    ['normal', 'uniform', 'truncated_normal'].includes(String(distribution)) &&
    (seed === null || seed === undefined || Number.isSafeInteger(seed))
  );
}

/** An int or a pair of ints (tfjs accepts both for sizes and strides). */
function pair(config: Config, key: string, fallback: number | null, at: (w: string) => never) {
  const value = config[key] ?? fallback;
  const pairOf = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pairOf) || pairOf.length !== 2 || !pairOf.every((n) => isCount(n, 1))) {
    return at(`needs ${key} of one or two integers >= 1, got ${JSON.stringify(value)}`);
  }
  return pairOf as [number, number];
}

function count(config: Config, key: string, at: (what: string) => never): number {
  const value = config[key];
  if (!isCount(value, 1) || value > MAX_PARAMETERS) {
    return at(`needs ${key} from 1 to ${MAX_PARAMETERS}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function padding(config: Config, at: (what: string) => never): 'same' | 'valid' {
  const value = config.padding ?? 'valid';
  if (value !== 'same' && value !== 'valid') return at(`has padding ${JSON.stringify(value)}`);
  return value;
}

/** Output length of a window sliding over `size`, as tfjs's convOutputLength computes it. */
function slide(size: number, window: number, stride: number, pad: 'same' | 'valid') {
  return pad === 'same' ? Math.ceil(size / stride) : Math.ceil((size - window + 1) / stride);
}

function spatial(shape: number[], at: (what: string) => never): [number, number, number] {
  if (shape.length !== 3) return at(`needs an input of [height, width, channels], got [${shape}]`);
  return shape as [number, number, number];
}

function layerOutput(
  className: LayerClass,
  config: Config,
  shape: number[],
  at: (what: string) => never,
): { shape: number[]; parameters: number } {
  const bias = config.use_bias !== false;
  switch (className) {
    case 'Dense': {
      const units = count(config, 'units', at);
      const inputs = shape[shape.length - 1];
      return {
        shape: [...shape.slice(0, -1), units],
        parameters: inputs * units + (bias ? units : 0),
      };
    }
    case 'Conv2D':
    case 'MaxPooling2D': {
      const [height, width, channels] = spatial(shape, at);
      const conv = className === 'Conv2D';
      const window = pair(config, conv ? 'kernel_size' : 'pool_size', null, at);
      const strides = pair(config, 'strides', conv ? 1 : null, at);
      const dilation = conv ? pair(config, 'dilation_rate', 1, at) : [1, 1];
      const pad = padding(config, at);
      const extent = window.map((k, i) => (k - 1) * dilation[i] + 1);
      const out = [height, width].map((size, i) => slide(size, extent[i], strides[i], pad));
      if (out.some((n) => n < 1)) at(`leaves no output of its [${shape}] input`);
      if (!conv) return { shape: [out[0], out[1], channels], parameters: 0 };
      const filters = count(config, 'filters', at);
      return {
        shape: [out[0], out[1], filters],
        parameters: window[0] * window[1] * channels * filters + (bias ? filters : 0),
      };
    }
    case 'Cropping2D': {
      const [height, width, channels] = spatial(shape, at);
      const crop = config.cropping;
      const sides = typeof crop === 'number' ? [crop, crop, crop, crop] : crop;
      const flat = Array.isArray(sides) ? sides.flat() : [];
      if (flat.length !== 4 || !flat.every((n) => isCount(n, 0))) {
        return at(`needs cropping [[top, bottom], [left, right]], got ${JSON.stringify(crop)}`);
      }
      const [top, bottom, left, right] = flat as number[];
      const out = [height - top - bottom, width - left - right, channels];
      if (out[0] < 1 || out[1] < 1) at(`crops away all of its [${shape}] input`);
      return { shape: out, parameters: 0 };
    }
    case 'Reshape': {
      const target = config.target_shape;
      const values = product(shape);
      if (
        !Array.isArray(target) ||
        target.length === 0 ||
        target.length > 4 ||
        !target.every((n) => isCount(n, 1))
      ) {
        return at(`needs target_shape of 1 to 4 sizes >= 1, got ${JSON.stringify(target)}`);
      }
      if (product(target) !== values) at(`cannot reshape [${shape}] into [${target}]`);
      return { shape: target as number[], parameters: 0 };
    }
    case 'Flatten':
      return { shape: [product(shape)], parameters: 0 };
    case 'BatchNormalization': {
      const channels = shape[shape.length - 1];
      const { axis, momentum, epsilon } = config;
      if (axis !== -1 && axis !== shape.length)
        at(`normalizes axis ${JSON.stringify(axis)}, not the channels`);
      if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) {
        at(`needs a momentum in [0, 1], got ${JSON.stringify(momentum)}`);
      }
      if (typeof epsilon !== 'number' || !(epsilon > 0 && epsilon <= 1)) {
        at(`needs an epsilon in (0, 1], got ${JSON.stringify(epsilon)}`);
      }
      if (config.center !== true || config.scale !== true) at('must both center and scale');
      // Scale and offset, trained; the running mean and variance, not.
      return { shape, parameters: 4 * channels };
    }
    case 'Activation':
      if (config.activation !== 'relu') at(`has activation ${JSON.stringify(config.activation)}`);
      return { shape, parameters: 0 };
    case 'GlobalAveragePooling2D':
      return { shape: [spatial(shape, at)[2]], parameters: 0 };
    case 'Add':
      return at('adds inputs only in a functional model');
    case 'Dot':
      return at('multiplies inputs only in a functional model');
    case 'Rescaling': {
      const { scale, offset } = config;
      if (typeof scale !== 'number' || !(Math.abs(scale) <= 1e6)) {
        at(`needs a scale from -1e6 to 1e6, got ${JSON.stringify(scale)}`);
      }
      if (offset !== 0) at(`has offset ${JSON.stringify(offset)}, not 0`);
      return { shape, parameters: 0 };
    }
    case 'Softmax':
      if (config.axis !== -1) at(`has axis ${JSON.stringify(config.axis)}, not -1`);
      return { shape, parameters: 0 };
    case 'LayerNormalization': {
      const axis = String(JSON.stringify(config.axis));
      // The features, the last axis (counted with the batch axis once built).
      if (axis !== '-1' && axis !== '[-1]' && axis !== `[${shape.length}]`) {
        at(`normalizes axis ${axis.slice(0, 40)}, not the last`);
      }
      if (typeof config.epsilon !== 'number' || !(config.epsilon > 0 && config.epsilon <= 1)) {
        at(`needs an epsilon in (0, 1], got ${JSON.stringify(config.epsilon)}`);
      }
      if (config.center !== true || config.scale !== true) at('must both center and scale');
      return { shape, parameters: 2 * shape[shape.length - 1] };
    }
    case 'Dropout': {
      const rate = config.rate;
      if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
        at(`needs a rate in [0, 1), got ${JSON.stringify(rate)}`);
      }
      return { shape, parameters: 0 };
    }
  }
}
