import type * as tf from '@tensorflow/tfjs';
import type { MemoryLimits } from '../backends/backendLimits';
import type { LayerNode } from '../models/layerNodes';

/**
 * What one training step holds at its peak, from the layers' shapes alone (no weights need
 * exist): the weights, their gradients and the optimizer's slots, which do not depend on the
 * batch, and per example the activations kept for the backward pass and the backward pass's
 * largest transient set (the gradient of a layer's output, the activation's derivative, the
 * input's gradient, and on wasm the filter gradient's transposed copies).
 */
export interface StepMemoryModel {
  parameters: number;
  weightBytes: number;
  /** The weights' gradients, and when accumulating micro-batches their sum. */
  weightGradientBytes: number;
  optimizerSlotBytes: number;
  /** Per example: the input and the activations kept for the backward pass. */
  activationBytesPerExample: number;
  /** Per example: the backward pass's largest transient set. */
  gradientBytesPerExample: number;
  largestWeight: { name: string; bytes: number };
  largestActivation: { name: string; bytesPerExample: number };
}

/** A step's estimate at one batch size. */
export interface StepMemoryEstimate {
  batchSize: number;
  totalBytes: number;
  largestTensor: { name: string; bytes: number };
}

const FLOAT_BYTES = 4;

/** Optimizer slots per weight, as tfjs keeps them (adam: two moments; rmsprop: two). */
const SLOTS: Record<string, number> = { sgd: 0, adam: 2, adamw: 2, rmsprop: 2 };

/**
 * The wasm heap holds more than the live tensors: freed blocks that the next, larger tensor
 * cannot reuse, and XNNPACK's packed copies of convolution filters (the filter gradient's is as
 * large as a layer's output). Calibrated on the heap's growth over LineCNN steps, which it
 * covers closely; the CNN's (whose filter gradients take the SIMD path, without copies) it
 * overstates.
 */
const WORKING_SET_FACTOR = 1.5;

const size = (shape: readonly (number | null)[]) => shape.reduce<number>((n, d) => n * (d ?? 1), 1);

/** Weights of a Conv2D, Dense or normalization layer on an input of this shape; none for the rest. */
function layerParameters(layer: tf.layers.Layer, input: readonly (number | null)[]): number[] {
  const config = layer.getConfig() as {
    filters?: number;
    units?: number;
    kernelSize?: number | number[];
    useBias?: boolean;
  };
  const inChannels = input[input.length - 1] ?? 1;
  const bias = config.useBias === false ? [] : [config.filters ?? config.units ?? 0];
  switch (layer.getClassName()) {
    case 'Conv2D': {
      const k = config.kernelSize ?? 1;
      const [kh, kw] = Array.isArray(k) ? k : [k, k];
      return [kh * (kw ?? kh) * inChannels * (config.filters ?? 0), ...bias];
    }
    case 'Dense':
      return [inChannels * (config.units ?? 0), ...bias];
    case 'BatchNormalization':
      // Scale, offset and the two running statistics.
      return [inChannels, inChannels, inChannels, inChannels];
    case 'LayerNormalization':
      return [inChannels, inChannels];
    default:
      return [];
  }
}

/** Floats per example a layer keeps for the backward pass, for an output of `out` floats. */
function keptFloats(layer: tf.layers.Layer, out: number): number {
  const activation = (layer.getConfig() as { activation?: string }).activation;
  switch (layer.getClassName()) {
    case 'Reshape':
    case 'Flatten':
      return 0; // views of their input
    case 'Dropout':
      return 2 * out; // the mask and the output
    case 'Conv2D':
    case 'Dense':
      // The pre-activation output too, which the activation's gradient reads.
      return activation !== undefined && activation !== 'linear' ? 2 * out : out;
    default:
      return out;
  }
}

/** Floats per example the backward pass of a layer holds at once. */
function transientFloats(layer: tf.layers.Layer, input: number, out: number): number {
  // dy, the activation's derivative (step, cast, product) and dx; for a convolution also the
  // filter gradient's transposed input and dy and XNNPACK's packing of the latter.
  return layer.getClassName() === 'Conv2D' ? 6 * out + 2 * input : 4 * out + input;
}

/**
 * The step's memory from a model's input shape (without the batch axis) and its layers as they
 * run (registry.ts's nodes; built or not), for `optimizer` (optimizerNames.ts).
 */
export function stepMemoryModel(
  inputDims: readonly number[],
  nodes: readonly LayerNode[],
  optimizer: string,
): StepMemoryModel {
  const input: (number | null)[] = [null, ...inputDims];
  const shapes: (number | null)[][] = [];
  const shapeOf = (i: number) => (i < 0 ? input : shapes[i]);
  let parameters = 0;
  let kept = size(input);
  let transient = 0;
  let largestWeight = { name: 'none', bytes: 0 };
  let largestActivation = { name: 'input', bytesPerExample: FLOAT_BYTES * size(input) };
  for (const { layer, from } of nodes) {
    const inputs = from.map(shapeOf);
    for (const count of layerParameters(layer, inputs[0])) {
      parameters += count;
      if (FLOAT_BYTES * count > largestWeight.bytes) {
        largestWeight = { name: `${layer.name}'s weights`, bytes: FLOAT_BYTES * count };
      }
    }
    const shape = layer.computeOutputShape(inputs.length === 1 ? inputs[0] : inputs) as (
      | number
      | null
    )[];
    shapes.push(shape);
    const out = size(shape);
    kept += keptFloats(layer, out);
    const read = inputs.reduce((total, s) => total + size(s), 0);
    transient = Math.max(transient, transientFloats(layer, read, out));
    if (FLOAT_BYTES * out > largestActivation.bytesPerExample) {
      largestActivation = { name: `${layer.name}'s output`, bytesPerExample: FLOAT_BYTES * out };
    }
  }
  const slots = SLOTS[optimizer] ?? 2;
  return {
    parameters,
    weightBytes: FLOAT_BYTES * parameters,
    weightGradientBytes: FLOAT_BYTES * parameters * 2,
    optimizerSlotBytes: FLOAT_BYTES * parameters * slots,
    activationBytesPerExample: FLOAT_BYTES * kept,
    gradientBytesPerExample: FLOAT_BYTES * transient,
    largestWeight,
    largestActivation,
  };
}

/** Bytes that do not depend on the batch size, and bytes per example, as the heap holds them. */
function fixedAndPerExample(model: StepMemoryModel): [number, number] {
  const fixed = model.weightBytes + model.weightGradientBytes + model.optimizerSlotBytes;
  const perExample = model.activationBytesPerExample + model.gradientBytesPerExample;
  return [fixed * WORKING_SET_FACTOR, perExample * WORKING_SET_FACTOR];
}

export function estimateStep(model: StepMemoryModel, batchSize: number): StepMemoryEstimate {
  const [fixed, perExample] = fixedAndPerExample(model);
  const activation = model.largestActivation.bytesPerExample * batchSize;
  const largestTensor =
    activation >= model.largestWeight.bytes
      ? { name: model.largestActivation.name, bytes: activation }
      : model.largestWeight;
  return { batchSize, totalBytes: Math.ceil(fixed + perExample * batchSize), largestTensor };
}

/** Whether the estimate fits the limits. */
export function fits(estimate: StepMemoryEstimate, limits: MemoryLimits): boolean {
  return (
    estimate.totalBytes <= (limits.totalBytes ?? Number.POSITIVE_INFINITY) &&
    estimate.largestTensor.bytes <= (limits.tensorBytes ?? Number.POSITIVE_INFINITY)
  );
}

/** The largest batch size whose step fits the limits; 0 where not even one example does. */
export function largestFittingBatch(model: StepMemoryModel, limits: MemoryLimits): number {
  const [fixed, perExample] = fixedAndPerExample(model);
  const byTotal = Math.floor(
    ((limits.totalBytes ?? Number.POSITIVE_INFINITY) - fixed) / perExample,
  );
  const tensorBytes = limits.tensorBytes ?? Number.POSITIVE_INFINITY;
  const byTensor =
    model.largestWeight.bytes > tensorBytes
      ? 0
      : Math.floor(tensorBytes / model.largestActivation.bytesPerExample);
  return Math.max(0, Math.min(byTotal, byTensor));
}
