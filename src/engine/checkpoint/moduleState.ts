import * as tf from '@tensorflow/tfjs';
import { LitModel, type LitModelOptions } from '../lit/litModel';
import type { Checkpoint, CheckpointMeta, NamedArray } from './format';

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

/** Rebuilds the model from the checkpoint's own topology, with its weights and optimizer state. */
export async function restoreLitModel(
  checkpoint: Checkpoint,
  options: LitModelOptions,
): Promise<LitModel> {
  const model = await tf.models.modelFromJSON({
    modelTopology: checkpoint.meta.modelTopology as tf.io.ModelJSON['modelTopology'],
  });
  const expected = model.weights.length;
  if (expected !== checkpoint.weights.length) {
    model.dispose();
    throw new Error(
      `The checkpoint of run '${checkpoint.meta.runName}' holds ${checkpoint.weights.length} weight arrays but its model needs ${expected}.`,
    );
  }
  const weights = toTensors(checkpoint.weights);
  model.setWeights(weights.map((w) => w.tensor));
  tf.dispose(weights.map((w) => w.tensor));
  const module = new LitModel(model, options);
  if (
    checkpoint.meta.optimizerName === options.optimizer &&
    checkpoint.optimizerWeights.length > 0
  ) {
    const state = toTensors(checkpoint.optimizerWeights);
    await module.optimizer.setWeights(state);
    tf.dispose(state.map((s) => s.tensor));
  }
  return module;
}
