/**
 * What a checkpoint's model topology implies, worked out from the layers' configs alone, so a
 * hostile topology is refused before tfjs builds (and allocates) anything: only the layer
 * classes Inklab's models use, a bounded layer count, input size, activation size and
 * parameter count.
 */

/** The lab's CNN has 1.65 M; this leaves room for much wider models. */
export const MAX_PARAMETERS = 50_000_000;
export const MAX_LAYERS = 64;
/** Values per example: an EMNISTLines line is 28 x 896. */
export const MAX_INPUT_VALUES = 1 << 20;
/** Values per example of any layer's output. */
export const MAX_ACTIVATION_VALUES = 1 << 24;

/** The tf.layers classes the models in src/engine/models build. */
const LAYER_CLASSES = [
  'Conv2D',
  'MaxPooling2D',
  'Dropout',
  'Flatten',
  'Dense',
  'Reshape',
  'Cropping2D',
] as const;
type LayerClass = (typeof LAYER_CLASSES)[number];
/** Their seeded Glorot kernels serialize as VarianceScaling; biases start at zero. */
const INITIALIZERS = ['VarianceScaling', 'Zeros'];
/** What `Sequential.toJSON` writes. */
const TOPOLOGY_KEYS = ['class_name', 'config', 'keras_version', 'backend'];
/** Inklab's layers have none of these; tfjs would build whatever they name. */
const ABSENT_KEYS = [
  'kernel_regularizer',
  'bias_regularizer',
  'activity_regularizer',
  'kernel_constraint',
  'bias_constraint',
  'input_shape',
  'input_dim',
  'batch_size',
];

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
 * Walks `topology` (a Sequential's `toJSON`) layer by layer; `fail` throws the caller's error
 * with a sentence such as "layer 5 (fc1, Dense) ...".
 */
export function topologySize(topology: unknown, fail: (what: string) => never): TopologySize {
  if (!isObject(topology) || topology.class_name !== 'Sequential' || !isObject(topology.config)) {
    return fail('its model topology is not a Sequential model');
  }
  // tfjs would build `model_config`, say, instead of the layers checked here.
  const extra = Object.keys(topology).find((key) => !TOPOLOGY_KEYS.includes(key));
  if (extra !== undefined) fail(`its model topology has ${JSON.stringify(extra.slice(0, 60))}`);
  const layers = topology.config.layers;
  if (!Array.isArray(layers) || layers.length === 0 || layers.length > MAX_LAYERS) {
    return fail(`its model must have 1 to ${MAX_LAYERS} layers`);
  }
  let shape = inputShape(layers[0], fail);
  const inputValues = product(shape);
  if (inputValues > MAX_INPUT_VALUES) {
    fail(`its model's input [${shape}] has ${inputValues} values, more than ${MAX_INPUT_VALUES}`);
  }
  const input = shape;
  let parameters = 0;
  for (const [index, layer] of (layers as unknown[]).entries()) {
    const at = (what: string): never => fail(`layer ${index} ${layerLabel(layer)} ${what}`);
    if (!isObject(layer) || !isObject(layer.config)) return at('has no config');
    const className = layer.class_name;
    if (!LAYER_CLASSES.includes(className as LayerClass)) {
      return at(`is not one of the layer classes Inklab builds (${LAYER_CLASSES.join(', ')})`);
    }
    checkCommonKeys(layer.config, index, at);
    const out = layerOutput(className as LayerClass, layer.config, shape, at);
    parameters += out.parameters;
    if (parameters > MAX_PARAMETERS) {
      at(`brings the model to ${parameters} parameters, more than the ${MAX_PARAMETERS} allowed`);
    }
    const values = product(out.shape);
    if (values > MAX_ACTIVATION_VALUES) {
      at(
        `outputs [${out.shape}], ${values} values per example, more than ${MAX_ACTIVATION_VALUES}`,
      );
    }
    shape = out.shape;
  }
  return { parameters, inputShape: input, outputShape: shape };
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
  return batch.slice(1) as number[];
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
  for (const key of ['kernel_initializer', 'bias_initializer']) {
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
  if (className === 'Zeros') return Object.keys(config).length === 0;
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
    case 'Dropout': {
      const rate = config.rate;
      if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
        at(`needs a rate in [0, 1), got ${JSON.stringify(rate)}`);
      }
      return { shape, parameters: 0 };
    }
  }
}
