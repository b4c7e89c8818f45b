/**
 * A checkpoint as an ONNX model (opset 13) for deployment, with the tfjs export's contract:
 * input `input`, float N x H x W x 1 in [0, 1] (ink 1); output `probabilities`, the softmax of
 * the logits (per position for lines); the class mapping in metadata_props. Convolutions run in
 * NCHW with OIHW kernels, TensorFlow's 'same' padding written out as explicit pads, and the
 * features transposed back to NHWC before they are flattened, as the tfjs model flattens them.
 */
import type { Checkpoint } from '../checkpoint/format';
import { RESNET_STAGES } from '../models/resNet';
import { exportInfo, toTorch } from '../pytorch/pytorchExport';
import { FLOAT, INT64, ModelProto } from './onnxProto';

export const ONNX_OPSET = 13;
/** IR version 7 goes with opset 13 (ONNX 1.8). */
const IR_VERSION = 7;

/** An int, ints, or a float (ONNX attribute types 2, 7 and 1). */
type Attr = number | number[] | { float: number };

class Graph {
  readonly nodes: unknown[] = [];
  readonly initializers: unknown[] = [];
  private count = 0;

  constructor(private readonly weights: Map<string, { shape: number[]; data: Float32Array }>) {}

  private name(op: string): string {
    return `${op.toLowerCase()}_${this.count++}`;
  }

  node(op: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    const output = this.name(op);
    const attribute = Object.entries(attrs).map(([name, value]) => {
      if (Array.isArray(value)) return { name, type: 7, ints: value };
      return typeof value === 'number'
        ? { name, type: 2, i: value }
        : { name, type: 1, f: value.float };
    });
    this.nodes.push({ opType: op, name: output, input: inputs, output: [output], attribute });
    return output;
  }

  float(name: string, dims: number[], data: Float32Array): string {
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.initializers.push({ name, dims, dataType: FLOAT, rawData: raw });
    return name;
  }

  int64(values: number[]): string {
    const name = this.name('const');
    const raw = new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer);
    this.initializers.push({ name, dims: [values.length], dataType: INT64, rawData: raw });
    return name;
  }

  weight(name: string): { shape: number[]; data: Float32Array } {
    const w = this.weights.get(name);
    if (!w) throw new Error(`the checkpoint has no weight ${name}`);
    return w;
  }

  /** A convolution; its tfjs kernel (HWIO) in ONNX's layout, PyTorch's (OIHW). */
  conv(layer: string, x: string, size: [number, number], stride: [number, number], same: boolean) {
    const kernel = this.weight(`${layer}/kernel`);
    const [kh, kw, , cout] = kernel.shape;
    const oihw = toTorch({ name: layer, shape: kernel.shape, dtype: 'float32', data: kernel.data });
    const pads = same ? samePads(size, [kh, kw], stride) : [0, 0, 0, 0];
    const weight = this.float(`${layer}.weight`, oihw.shape, oihw.data);
    const bias = this.weights.has(`${layer}/bias`)
      ? [this.float(`${layer}.bias`, [cout], this.weight(`${layer}/bias`).data)]
      : [];
    const out = this.node('Conv', [x, weight, ...bias], {
      kernel_shape: [kh, kw],
      strides: stride,
      pads,
    });
    const outSize: [number, number] = same
      ? [Math.ceil(size[0] / stride[0]), Math.ceil(size[1] / stride[1])]
      : [Math.floor((size[0] - kh) / stride[0]) + 1, Math.floor((size[1] - kw) / stride[1]) + 1];
    return { out, size: outSize, channels: cout };
  }

  /** Batch normalization in inference, with the running statistics (NCHW, per channel). */
  batchNorm(layer: string, x: string, epsilon: number): string {
    const inputs = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((kind) => {
      const w = this.weight(`${layer}/${kind}`);
      return this.float(`${layer}.${kind}`, w.shape, w.data);
    });
    return this.node('BatchNormalization', [x, ...inputs], { epsilon: { float: epsilon } });
  }

  /** A float scalar constant. */
  scalar(value: number): string {
    return this.float(this.name('const'), [], Float32Array.of(value));
  }

  /**
   * Layer normalization over the last axis, written out (ONNX has the operator only from
   * opset 17): (x - mean) / sqrt(biased variance + epsilon) * gamma + beta.
   */
  layerNorm(layer: string, x: string, epsilon: number): string {
    const [gamma, beta] = ['gamma', 'beta'].map((kind) => {
      const w = this.weight(`${layer}/${kind}`);
      return this.float(`${layer}.${kind}`, w.shape, w.data);
    });
    const mean = (y: string) => this.node('ReduceMean', [y], { axes: [-1], keepdims: 1 });
    const centered = this.node('Sub', [x, mean(x)]);
    const variance = mean(this.node('Mul', [centered, centered]));
    const deviation = this.node('Sqrt', [this.node('Add', [variance, this.scalar(epsilon)])]);
    const normalized = this.node('Div', [centered, deviation]);
    return this.node('Add', [this.node('Mul', [normalized, gamma]), beta]);
  }

  /** A dense layer on the last axis: [.., in] x [in, out] (+ bias, where it has one). */
  dense(layer: string, x: string, rank2: boolean): string {
    const kernel = this.weight(`${layer}/kernel`);
    const w = this.float(`${layer}.kernel`, kernel.shape, kernel.data);
    if (!this.weights.has(`${layer}/bias`)) return this.node('MatMul', [x, w]);
    const b = this.float(`${layer}.bias`, [kernel.shape[1]], this.weight(`${layer}/bias`).data);
    return rank2
      ? this.node('Gemm', [x, w, b])
      : this.node('Add', [this.node('MatMul', [x, w]), b]);
  }
}

/** TensorFlow's 'same' padding as ONNX pads: [top, left, bottom, right]. */
function samePads(size: [number, number], kernel: number[], stride: [number, number]): number[] {
  const [before, after] = [0, 1].map((axis) => {
    const out = Math.ceil(size[axis] / stride[axis]);
    const total = Math.max((out - 1) * stride[axis] + kernel[axis] - size[axis], 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  });
  return [before[0], after[0], before[1], after[1]];
}

export function onnxExport(checkpoint: Checkpoint): Uint8Array {
  const info = exportInfo(checkpoint);
  const m = info.model;
  const g = new Graph(
    new Map(
      checkpoint.weights.map((w) => [w.name, { shape: w.shape, data: Float32Array.from(w.data) }]),
    ),
  );
  const size: [number, number] = [m.height, m.width];
  let logits: string;
  let outputDims: (number | string)[];
  const nchw = () => g.node('Transpose', ['input'], { perm: [0, 3, 1, 2] });
  const nhwcFlat = (x: string, length: number) =>
    g.node('Reshape', [g.node('Transpose', [x], { perm: [0, 2, 3, 1] }), g.int64([-1, length])]);
  switch (info.model_class) {
    case 'MLP': {
      let x = g.node('Reshape', ['input', g.int64([-1, m.height * m.width])]);
      x = g.node('Relu', [g.dense('fc1', x, true)]);
      x = g.node('Relu', [g.dense('fc2', x, true)]);
      logits = g.dense('fc3', x, true);
      outputDims = ['batch', m.classes];
      break;
    }
    case 'CNN': {
      const c1 = g.conv('conv1', nchw(), size, [1, 1], true);
      const c2 = g.conv('conv2', g.node('Relu', [c1.out]), c1.size, [1, 1], true);
      const pooled = g.node('MaxPool', [g.node('Relu', [c2.out])], {
        kernel_shape: [2, 2],
        strides: [2, 2],
      });
      const flat = nhwcFlat(
        pooled,
        Math.floor(c2.size[0] / 2) * Math.floor(c2.size[1] / 2) * c2.channels,
      );
      logits = g.dense('fc2', g.node('Relu', [g.dense('fc1', flat, true)]), true);
      outputDims = ['batch', m.classes];
      break;
    }
    case 'ResNet': {
      // A 3x3 'same' convolution (no bias) and its batch normalization.
      let spatial = size;
      const convBn = (layer: string, x: string) => {
        const c = g.conv(layer, x, spatial, [1, 1], true);
        return g.batchNorm(`${layer}_bn`, c.out, m.bn_eps);
      };
      let x = g.node('Relu', [convBn('stem', nchw())]);
      for (let stage = 1; stage <= RESNET_STAGES; stage++) {
        if (stage > 1) {
          const pooled = g.node('MaxPool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
          spatial = [Math.floor(spatial[0] / 2), Math.floor(spatial[1] / 2)];
          x = g.node('Relu', [convBn(`down${stage}`, pooled)]);
        }
        for (let block = 1; block <= m.blocks; block++) {
          const name = `s${stage}b${block}`;
          const y = g.node('Relu', [convBn(`${name}_conv1`, x)]);
          x = g.node('Relu', [g.node('Add', [x, convBn(`${name}_conv2`, y)])]);
        }
      }
      const pooled = g.node('Flatten', [g.node('GlobalAveragePool', [x])], { axis: 1 });
      logits = g.dense('fc', pooled, true);
      outputDims = ['batch', m.classes];
      break;
    }
    case 'LineCNNSimple': {
      const c1 = g.conv('conv1', nchw(), size, [1, 1], true);
      const c2 = g.conv('conv2', g.node('Relu', [c1.out]), c1.size, [1, 1], true);
      const pooled = g.node('MaxPool', [g.node('Relu', [c2.out])], {
        kernel_shape: [2, 2],
        strides: [2, 2],
      });
      const half: [number, number] = [Math.floor(c2.size[0] / 2), Math.floor(c2.size[1] / 2)];
      const win = g.conv('fc1', pooled, half, [1, m.window_stride / 2], false);
      const kept = g.node('Slice', [
        g.node('Relu', [win.out]),
        g.int64([0]),
        g.int64([m.limit_output_length]),
        g.int64([3]),
      ]);
      const steps = g.node('Reshape', [
        g.node('Transpose', [kept], { perm: [0, 2, 3, 1] }),
        g.int64([-1, m.limit_output_length, win.channels]),
      ]);
      logits = g.dense('fc2', steps, false);
      outputDims = ['batch', m.limit_output_length, m.classes];
      break;
    }
    case 'LineCNN': {
      const c1 = g.conv('conv1', nchw(), size, [1, 1], true);
      const c2 = g.conv('conv2', g.node('Relu', [c1.out]), c1.size, [2, 2], true);
      const c3 = g.conv('conv3', g.node('Relu', [c2.out]), c2.size, [2, 2], true);
      const win = g.conv(
        'window',
        g.node('Relu', [c3.out]),
        c3.size,
        [1, m.window_stride / 4],
        false,
      );
      const steps = g.node('Reshape', [
        g.node('Transpose', [g.node('Relu', [win.out])], { perm: [0, 2, 3, 1] }),
        g.int64([-1, win.size[1], win.channels]),
      ]);
      logits = g.dense('fc', steps, false);
      outputDims = ['batch', win.size[1], m.classes];
      break;
    }
    case 'LineCNNTransformer': {
      const relu = (x: string) => g.node('Relu', [x]);
      const pool = (x: string, window: [number, number]) =>
        g.node('MaxPool', [x], { kernel_shape: window, strides: window });
      const c1 = g.conv('conv1', nchw(), size, [2, 2], true);
      const c2 = g.conv('conv2', relu(c1.out), c1.size, [1, 1], true);
      const c3 = g.conv(
        'conv3',
        pool(relu(c2.out), [2, 2]),
        [Math.floor(c2.size[0] / 2), Math.floor(c2.size[1] / 2)],
        [1, 1],
        true,
      );
      const pooled = pool(relu(c3.out), [1, 2]);
      const win = g.conv('window', pooled, [c3.size[0], Math.floor(c3.size[1] / 2)], [1, 1], false);
      const [steps, dim] = [win.size[1], win.channels];
      let x = g.node('Reshape', [
        g.node('Transpose', [relu(win.out)], { perm: [0, 2, 3, 1] }),
        g.int64([-1, steps, dim]),
      ]);
      // The weights, not the config alone, say how many layers there are: a layer left out
      // would still make a valid graph.
      const layers = checkpoint.weights.filter((w) => /^tf\d+_norm1\/gamma$/.test(w.name)).length;
      if (layers !== m.tf_layers) {
        throw new Error(
          `the checkpoint's config says ${m.tf_layers} Transformer layers, its weights hold ${layers}.`,
        );
      }
      for (let layer = 1; layer <= m.tf_layers; layer++) {
        const name = `tf${layer}`;
        const h = g.layerNorm(`${name}_norm1`, x, m.ln_eps);
        const [query, key, value] = ['query', 'key', 'value'].map((part) =>
          g.dense(`${name}_${part}`, h, false),
        );
        const scores = g.node('Mul', [
          g.node('MatMul', [query, g.node('Transpose', [key], { perm: [0, 2, 1] })]),
          g.scalar(1 / Math.sqrt(dim)),
        ]);
        const attention = g.node('Softmax', [scores], { axis: -1 });
        const attended = g.dense(`${name}_out`, g.node('MatMul', [attention, value]), false);
        x = g.node('Add', [x, attended]);
        const fed = g.dense(
          `${name}_ffn2`,
          relu(g.dense(`${name}_ffn1`, g.layerNorm(`${name}_norm2`, x, m.ln_eps), false)),
          false,
        );
        x = g.node('Add', [x, fed]);
      }
      logits = g.dense('fc', g.layerNorm('norm', x, m.ln_eps), false);
      outputDims = ['batch', steps, m.classes];
      break;
    }
    default:
      throw new Error(`${info.model_class} has no ONNX export.`);
  }
  g.nodes.push({
    opType: 'Softmax',
    name: 'probabilities',
    input: [logits],
    output: ['probabilities'],
    attribute: [{ name: 'axis', type: 2, i: -1 }],
  });
  const value = (name: string, dims: (number | string)[]) => ({
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })),
        },
      },
    },
  });
  const model = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'Inklab',
    docString: `${info.model_class} from Inklab run ${info.run}, epoch ${info.epoch}`,
    graph: {
      name: info.model_class,
      node: g.nodes,
      initializer: g.initializers,
      input: [value('input', ['batch', m.height, m.width, 1])],
      output: [value('probabilities', outputDims)],
    },
    metadataProps: [
      { key: 'mapping', value: JSON.stringify(info.mapping) },
      {
        key: 'input',
        value: 'upright grayscale N x H x W x 1, values in [0, 1], ink 1 and background 0',
      },
      {
        key: 'output',
        value: 'class probabilities, index i is mapping[i] (per line position for line models)',
      },
      { key: 'run', value: info.run },
      { key: 'config', value: JSON.stringify(info.config) },
    ],
  };
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}
