import * as tf from '@tensorflow/tfjs';

/** The two files of a plain TensorFlow.js layers model: model.json and its weights. */
export interface TfjsModelFiles {
  modelJson: tf.io.ModelJSON;
  weightsBin: Uint8Array;
}

export const WEIGHTS_FILE = 'weights.bin';

/**
 * A model any tfjs program loads with `tf.loadLayersModel`: upright 28x28x1 input in [0, 1]
 * (ink 1), class probabilities out (a softmax appended to our logits), and the class mapping in
 * its user-defined metadata. The export shares weights with `model`; nothing is copied twice.
 */
export async function exportTfjsModel(
  model: tf.LayersModel,
  mapping: string[],
  info: Record<string, unknown> = {},
): Promise<TfjsModelFiles> {
  const probabilities = tf.layers
    .activation({ activation: 'softmax', name: 'probabilities' })
    .apply(model.outputs[0]) as tf.SymbolicTensor;
  const exported = tf.model({
    inputs: model.inputs,
    outputs: probabilities,
    name: `${model.name}_probabilities`,
  });
  exported.setUserDefinedMetadata({
    mapping,
    input: 'upright 28x28 grayscale, values in [0, 1], ink 1 and background 0',
    output: 'class probabilities, index i is mapping[i]',
    ...info,
  });
  let files: TfjsModelFiles | undefined;
  await exported.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData ?? new ArrayBuffer(0);
      const joined = Array.isArray(weightData)
        ? tf.io.concatenateArrayBuffers(weightData)
        : weightData;
      files = {
        modelJson: {
          modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs} (Inklab)`,
          convertedBy: null,
          weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
          userDefinedMetadata: artifacts.userDefinedMetadata,
        },
        weightsBin: new Uint8Array(joined),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!files) throw new Error('Exporting the model produced no files.');
  return files;
}

/** An IOHandler that serves the two exported files to `tf.loadLayersModel`. */
export function tfjsFilesHandler(files: TfjsModelFiles): tf.io.IOHandler {
  return {
    load: () =>
      tf.io.getModelArtifactsForJSON(files.modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const bytes = files.weightsBin;
        return [
          specs,
          bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        ];
      }),
  };
}
