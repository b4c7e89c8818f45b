/**
 * A checkpoint as a folder PyTorch runs without Inklab: model.py (./modelPy.ts), the weights
 * in safetensors with PyTorch's names and layouts, the optimizer's moments where it keeps them
 * as torch.optim.Adam does, and a README. `fromTorch` and `tfjsNames` invert the conversion
 * exactly (./pytorchImport.ts), so Inklab -> PyTorch -> Inklab gives the same bits.
 */
import type { Checkpoint, NamedArray } from '../checkpoint/format';
import { DATA_PY } from './dataPy';
import { MODEL_PY, PYTORCH_MODEL_CLASSES } from './modelPy';
import { encodeSafetensors, SafetensorsError, type Tensor } from './safetensors';
import { TRAIN_PY } from './trainPy';

export const WEIGHTS_FILE = 'weights.safetensors';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const EXPORT_FORMAT_VERSION = 1;
/** The metadata entry holding the tfjs model topology, so an import rebuilds the same model. */
export const TOPOLOGY_KEY = 'inklab_topology';

/** Flags model.py's classes take, beside the input size and class count. */
const MODEL_FLAGS = [
  'conv_dim',
  'fc_dim',
  'fc_dropout',
  'fc1',
  'fc2',
  'blocks',
  'window_width',
  'window_stride',
  'limit_output_length',
  'tf_dim',
  'tf_layers',
  'tf_dropout',
];

/** Axis orders from tfjs's layout to PyTorch's: conv kernels HWIO -> OIHW, dense [in, out] -> [out, in]. */
const TO_TORCH: Record<number, number[]> = { 1: [0], 2: [1, 0], 4: [3, 2, 0, 1] };

/** `data` of `shape` with its axes reordered: output axis i is input axis perm[i]. */
function transpose(data: Float32Array, shape: number[], perm: number[]): Tensor {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((n, d) => n * d, 1));
  const strides = perm.map((p) => inStrides[p]);
  const out = new Float32Array(data.length);
  const index = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let from = 0;
    for (let k = 0; k < index.length; k++) from += index[k] * strides[k];
    out[o] = data[from];
    for (let k = index.length - 1; k >= 0; k--) {
      if (++index[k] < outShape[k]) break;
      index[k] = 0;
    }
  }
  return { shape: outShape, data: out };
}

const inverse = (perm: number[]) => perm.map((_, i) => perm.indexOf(i));

/** tfjs's weight kinds by PyTorch's: a convolution's or dense layer's, then batch normalization's. */
const WEIGHT_KINDS: [string, string][] = [
  ['kernel', 'weight'],
  ['bias', 'bias'],
];
const NORM_KINDS: [string, string][] = [
  ['gamma', 'weight'],
  ['beta', 'bias'],
  ['moving_mean', 'running_mean'],
  ['moving_variance', 'running_var'],
];

/** `conv1/kernel` -> `conv1.weight`; a normalization's `gamma` -> `weight`, `moving_mean` -> `running_mean`, .... */
export function torchName(name: string): string {
  const [layer, kind] = name.split('/');
  const torch = [...WEIGHT_KINDS, ...NORM_KINDS].find(([tfjs]) => tfjs === kind)?.[1];
  return `${layer}.${torch ?? kind}`;
}

/**
 * The inverse of torchName for the tensors of one file, given each one's rank: a layer whose
 * `weight` has rank 1 is a normalization (batch or layer), whose `weight` and `bias` are
 * tfjs's `gamma` and `beta`; convolutions' and dense layers' weights have rank 2 or more.
 */
export function tfjsNames(torch: string[], rank: (name: string) => number): string[] {
  const norms = new Set(
    torch.filter((n) => n.endsWith('.weight') && rank(n) === 1).map((n) => n.split('.')[0]),
  );
  return torch.map((name) => {
    const [layer, kind] = name.split('.');
    const kinds = norms.has(layer) ? NORM_KINDS : WEIGHT_KINDS;
    return `${layer}/${kinds.find(([, t]) => t === kind)?.[0] ?? kind}`;
  });
}

/** Batch normalization's running statistics, which no optimizer updates (tfjs or PyTorch names). */
export const isRunningStatistic = (name: string): boolean =>
  /[./](moving_mean|moving_variance|running_mean|running_var)$/.test(name);

/** A PyTorch tensor in tfjs's layout: the inverse of toTorch, by its rank. */
export function fromTorch(tensor: Tensor): Tensor {
  const perm = TO_TORCH[tensor.shape.length];
  if (!perm) throw new SafetensorsError(`a tensor of shape [${tensor.shape}] is no Inklab weight`);
  return transpose(tensor.data, tensor.shape, inverse(perm));
}

/** A tfjs weight in PyTorch's layout (ONNX's too). */
export function toTorch(array: NamedArray): Tensor {
  const perm = TO_TORCH[array.shape.length];
  if (!perm)
    throw new Error(`weight ${array.name} of shape [${array.shape}] has no PyTorch layout`);
  return transpose(Float32Array.from(array.data), array.shape, perm);
}

/** What model.py builds: the class, its arguments, and what a user needs beside it. */
export function exportInfo(checkpoint: Checkpoint, dataDir?: string) {
  const { config, mapping, modelTopology } = checkpoint.meta;
  const layers = (modelTopology as { config?: { layers?: { config?: Record<string, unknown> }[] } })
    .config?.layers;
  const [, height, width] = (layers?.[0]?.config?.batch_input_shape as number[] | undefined) ?? [];
  const model: Record<string, number> = { height, width, classes: mapping.length };
  for (const flag of MODEL_FLAGS)
    if (typeof config[flag] === 'number') model[flag] = config[flag] as number;
  const configOf = (
    test: (layer: { class_name?: string; config?: Record<string, unknown> }) => boolean,
  ) =>
    (layers as { class_name?: string; config?: Record<string, unknown> }[] | undefined)?.find(test)
      ?.config;
  // tfjs keeps `momentum` of the running statistic, PyTorch takes `momentum` of the batch's.
  const norm = configOf((layer) => layer.class_name === 'BatchNormalization');
  if (typeof norm?.momentum === 'number' && typeof norm.epsilon === 'number') {
    model.bn_momentum = 1 - norm.momentum;
    model.bn_eps = norm.epsilon;
  }
  const layerNorm = configOf((layer) => layer.class_name === 'LayerNormalization');
  if (typeof layerNorm?.epsilon === 'number') model.ln_eps = layerNorm.epsilon;
  if (config.model_class === 'LineCNNTransformer') {
    // Its window reads a fixed number of encoder columns, not a flag.
    const windowKernel = configOf((layer) => layer.config?.name === 'window')?.kernel_size;
    if (Array.isArray(windowKernel) && typeof windowKernel[1] === 'number') {
      model.window_steps = windowKernel[1];
    }
    // Checkpoints from before the key projection lost its bias keep theirs.
    model.key_bias = Number(
      configOf((layer) => layer.config?.name === 'tf1_key')?.use_bias === true,
    );
  }
  return {
    format_version: EXPORT_FORMAT_VERSION,
    model_class: String(config.model_class),
    model,
    mapping,
    run: checkpoint.meta.runName,
    epoch: checkpoint.meta.epoch,
    step: checkpoint.meta.step,
    config,
    ...(dataDir ? { data_dir: dataDir } : {}),
  };
}

/** The optimizer's moments as torch.optim.Adam keeps them, per parameter in the model's order. */
function optimizerFile(checkpoint: Checkpoint): Uint8Array | undefined {
  const { optimizerName } = checkpoint.meta;
  const [iterations, ...slots] = checkpoint.optimizerWeights;
  // The trainable weights come first, as the optimizer's slots and torch's parameters() do.
  const trainable = checkpoint.weights.filter((w) => !isRunningStatistic(w.name));
  const count = trainable.length;
  if ((optimizerName !== 'adam' && optimizerName !== 'adamw') || slots.length !== 2 * count) {
    return undefined;
  }
  const tensors: Record<string, Tensor> = {};
  trainable.forEach((weight, i) => {
    tensors[`state.${i}.exp_avg`] = toTorch({ ...slots[i], name: weight.name });
    tensors[`state.${i}.exp_avg_sq`] = toTorch({ ...slots[count + i], name: weight.name });
  });
  // tfjs's Adam takes the backend's epsilon (1e-7 in float32); AdamW ours (./lit/optimizers.ts).
  return encodeSafetensors(tensors, {
    optimizer: optimizerName,
    step: String(iterations?.data[0] ?? 0),
    betas: JSON.stringify([0.9, 0.999]),
    eps: String(optimizerName === 'adam' ? 1e-7 : 1e-8),
    ...(optimizerName === 'adamw' ? { weight_decay: '0.01' } : {}),
    params: JSON.stringify(trainable.map((w) => torchName(w.name))),
  });
}

/** `dataDir`: the absolute folder the run read its data from, train.py's default. */
export function pytorchExport(
  checkpoint: Checkpoint,
  dataDir?: string,
): Record<string, string | Uint8Array> {
  const info = exportInfo(checkpoint, dataDir);
  if (!PYTORCH_MODEL_CLASSES.includes(info.model_class)) {
    throw new Error(
      `${info.model_class} has no PyTorch export yet; these do: ${PYTORCH_MODEL_CLASSES.join(', ')}. ` +
        'Its checkpoint and tfjs export still hold the whole model.',
    );
  }
  const tensors = Object.fromEntries(
    checkpoint.weights.map((w) => [torchName(w.name), toTorch(w)]),
  );
  const files: Record<string, string | Uint8Array> = {
    'model.py': MODEL_PY,
    'data.py': DATA_PY,
    'train.py': TRAIN_PY,
    [WEIGHTS_FILE]: encodeSafetensors(tensors, {
      format: 'pt',
      inklab: JSON.stringify(info),
      [TOPOLOGY_KEY]: JSON.stringify(checkpoint.meta.modelTopology),
    }),
  };
  const optimizer = optimizerFile(checkpoint);
  if (optimizer) files[OPTIMIZER_FILE] = optimizer;
  files['README.md'] = readme(info, optimizer !== undefined);
  return files;
}

function readme(info: ReturnType<typeof exportInfo>, withOptimizer: boolean): string {
  return `# ${info.model_class} from Inklab run ${info.run} (epoch ${info.epoch})

Needs only PyTorch. In this folder:

\`\`\`python
import torch, model
net, mapping = model.load(".")       # eval mode, class probabilities out
images = torch.rand(4, 1, ${info.model.height}, ${info.model.width})   # float N x 1 x H x W in [0, 1], ink 1
print([mapping[i] for i in net(images).argmax(-1).flatten().tolist()])
\`\`\`

- \`model.py\`: the model in \`torch.nn\`, modules named as in Inklab's model summary;
  \`model.build(".")\` gives it with logits out, for training.
- \`${WEIGHTS_FILE}\`: its weights (PyTorch layouts); \`__metadata__.inklab\` holds the class
  mapping and the run's config.
${withOptimizer ? `- \`${OPTIMIZER_FILE}\`: Adam's moments (\`exp_avg\`, \`exp_avg_sq\`) per parameter and its step count, to continue training.\n` : ''}`;
}
