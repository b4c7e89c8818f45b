import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../errorMessage';
import { LitModel, type LitModelOptions } from '../lit/litModel';
import { CheckpointError } from './checkpointError';
import type { Checkpoint, CheckpointMeta, NamedArray } from './format';
import { checkOptimizerWeights } from './optimizerState';
import { topologySize } from './topologyBounds';

async function toArrays(named: { name: string; tensor: tf.Tensor }[]): Promise<NamedArray[]> {
  return Promise.all(
    named.map(async ({ name, tensor }) => {
      const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
      const data = (await tensor.data()) as Float32Array | Int32Array;
      return { name, shape: tensor.shape, dtype, data } as NamedArray;
    }),
  );
}

function toTensors(arrays: NamedArray[]): { name: string; tensor: tf.Tensor }[] {
  return arrays.map(({ name, shape, dtype, data }) => ({
    name,
    tensor: tf.tensor(data, shape, dtype),
  }));
}

/** Snapshots weights and optimizer state (moments, step count) of a module into a checkpoint. */
export async function captureCheckpoint(
  module: LitModel,
  meta: Omit<CheckpointMeta, 'modelTopology' | 'optimizerName'>,
): Promise<Checkpoint> {
  const weights = await toArrays(
    module.model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })),
  );
  const optimizerNamed = await module.optimizer.getWeights();
  const optimizerWeights = await toArrays(optimizerNamed);
  // getWeights() allocates the iteration-count scalar; the moments are the optimizer's own.
  optimizerNamed[0]?.tensor.dispose();
  return {
    meta: {
      ...meta,
      modelTopology: module.model.toJSON(null, false),
      optimizerName: module.options.optimizer,
    },
    weights,
    optimizerWeights,
  };
}

/**
 * Rebuilds the model and proves it matches the checkpoint: one weight array per model weight,
 * same shapes and dtypes, and one output per class of the mapping. The topology is bounded
 * first (./topologyBounds.ts), so nothing is built for a model too large. The caller disposes
 * the model.
 */
export async function restoreModel(
  checkpoint: Checkpoint,
  source = `The checkpoint of run '${checkpoint.meta.runName}'`,
): Promise<tf.LayersModel> {
  const fail = (what: string): never => {
    throw new CheckpointError(
      `${source} cannot be used: ${what}. Choose a checkpoint saved by Inklab.`,
    );
  };
  topologySize(checkpoint.meta.modelTopology, fail);
  const variablesBefore = new Set(Object.keys(tf.engine().registeredVariables));
  // Without a weights manifest modelFromJSON builds every layer before its first await: tidy
  // disposes the initial values a failing layer leaves, and the variables new after it are
  // exactly those of the layers it built.
  let building: Promise<tf.LayersModel> | undefined;
  tf.tidy(() => {
    building = tf.models.modelFromJSON({
      modelTopology: checkpoint.meta.modelTopology as tf.io.ModelJSON['modelTopology'],
    });
  });
  const created = Object.entries(tf.engine().registeredVariables)
    .filter(([name]) => !variablesBefore.has(name))
    .map(([, variable]) => variable);
  let model: tf.LayersModel;
  try {
    model = await (building as Promise<tf.LayersModel>);
  } catch (error) {
    // tfjs keeps the weights of the layers built before the one that failed.
    tf.dispose(created);
    return fail(`its model could not be rebuilt (${errorMessage(error)})`);
  }
  try {
    setCheckpointWeights(model, checkpoint, fail);
    const classes = model.outputs[0]?.shape.at(-1);
    if (classes !== checkpoint.meta.mapping.length) {
      fail(`its model has ${classes} outputs but ${checkpoint.meta.mapping.length} class labels`);
    }
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * Copies the checkpoint's weights into `model` after proving they fit: one array per model weight,
 * same shapes, in order. `fail` throws the caller's message.
 */
export function setCheckpointWeights(
  model: tf.LayersModel,
  checkpoint: Checkpoint,
  fail: (what: string) => never,
): void {
  const expected = model.weights;
  if (expected.length !== checkpoint.weights.length) {
    fail(`it holds ${checkpoint.weights.length} weight arrays, its model needs ${expected.length}`);
  }
  checkpoint.weights.forEach((w, i) => {
    const { shape, dtype } = expected[i];
    if (w.shape.join() !== shape.join()) {
      fail(`weight ${w.name} has shape [${w.shape}], the model needs [${shape}]`);
    }
    if (w.dtype !== dtype) fail(`weight ${w.name} is ${w.dtype}, the model needs ${dtype}`);
  });
  const tensors = toTensors(checkpoint.weights).map((w) => w.tensor);
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * Rebuilds the model from the checkpoint's own topology, with its weights and optimizer state.
 * The optimizer state is checked against the optimizer and the model's trainable weights
 * before any of it is assigned (CheckpointError naming the array otherwise).
 */
export async function restoreLitModel(
  checkpoint: Checkpoint,
  options: LitModelOptions,
): Promise<LitModel> {
  const source = `The checkpoint of run '${checkpoint.meta.runName}'`;
  const model = await restoreModel(checkpoint, source);
  const restoresState =
    checkpoint.meta.optimizerName === options.optimizer && checkpoint.optimizerWeights.length > 0;
  if (restoresState) {
    try {
      // A weight's shape has no unknown dimension (only layer outputs do).
      const trainable = model.trainableWeights.map((w) => ({
        name: w.originalName,
        shape: w.shape as number[],
      }));
      checkOptimizerWeights(checkpoint.optimizerWeights, options.optimizer, trainable, source);
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  const module = new LitModel(model, options);
  if (restoresState) {
    const state = toTensors(checkpoint.optimizerWeights);
    await module.optimizer.setWeights(state);
    tf.dispose(state.map((s) => s.tensor));
  }
  return module;
}
