/** A checkpoint's model rebuilt for inference: topology and weights, no optimizer state. */
import * as tf from '@tensorflow/tfjs';
import type { Checkpoint } from '../engine/checkpoint/format';

/**
 * Rebuilds the model and proves it matches the checkpoint: one weight array per model weight,
 * same shapes, and one output per class of the mapping. The caller disposes the model.
 */
export async function inferenceModel(
  checkpoint: Checkpoint,
  source: string,
): Promise<tf.LayersModel> {
  const fail = (what: string): never => {
    throw new Error(`${source} cannot be used: ${what}. Choose a checkpoint saved by Inklab.`);
  };
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({
      modelTopology: checkpoint.meta.modelTopology as tf.io.ModelJSON['modelTopology'],
    });
  } catch (error) {
    return fail(`its model could not be rebuilt (${(error as Error).message})`);
  }
  try {
    const expected = model.weights;
    if (expected.length !== checkpoint.weights.length) {
      fail(
        `it holds ${checkpoint.weights.length} weight arrays, its model needs ${expected.length}`,
      );
    }
    checkpoint.weights.forEach((w, i) => {
      const shape = expected[i].shape;
      if (w.shape.join() !== shape.join()) {
        fail(`weight ${w.name} has shape [${w.shape}], its model needs [${shape}]`);
      }
    });
    const classes = model.outputs[0]?.shape.at(-1);
    if (classes !== checkpoint.meta.mapping.length) {
      fail(`its model has ${classes} outputs but ${checkpoint.meta.mapping.length} class labels`);
    }
    const tensors = checkpoint.weights.map((w) => tf.tensor(w.data, w.shape, w.dtype));
    model.setWeights(tensors);
    tf.dispose(tensors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
