import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { decodeCheckpoint, encodeCheckpoint } from '../checkpoint/format';
import { captureCheckpoint, restoreModel } from '../checkpoint/moduleState';
import { exportTfjsModel, tfjsFilesHandler } from '../checkpoint/tfjsExport';
import { topologySize } from '../checkpoint/topologyBounds';
import { PADDING } from '../data/emnistMapping';
import { classFlagDefaults } from '../flagSpec';
import { LitModel } from '../lit/litModel';
import { onnxExport } from '../onnx/onnxExport';
import { lineCnnTransformerFlags } from './modelFlags';
import { modelClass } from './registry';

const mapping = Array.from({ length: 83 }, (_, i) => `c${i}`);
const lines = { inputDims: [28, 896, 1], outputDims: [32, 83], mapping };
const defaults = classFlagDefaults(lineCnnTransformerFlags);
const small = { conv_dim: 2, tf_dim: 16, tf_layers: 2, tf_dropout: 0 };
const refuse = (what: string): never => {
  throw new Error(what);
};

describe('LineCNNTransformer', () => {
  beforeAll(useWasmBackend);

  it('reads a 28 x 896 line in 110 steps with 0.24 M parameters; the checkpoint checker agrees', () => {
    const model = modelClass('LineCNNTransformer').build(lines, defaults, 1);
    expect(model.outputs[0].shape).toEqual([null, 110, 83]);
    expect(model.countParams()).toBe(235_347);
    const size = topologySize(model.toJSON(null, false), refuse);
    expect(size).toEqual({ parameters: 235_347, inputShape: [28, 896, 1], outputShape: [110, 83] });
    model.dispose();
  });

  it('refuses a line whose width the encoder cannot divide into steps', () => {
    expect(() =>
      modelClass('LineCNNTransformer').build({ ...lines, inputDims: [28, 900, 1] }, small, 1),
    ).toThrow('a width that is a multiple of 8, got 28 x 900');
  });

  it('predicts the same after training steps, a checkpoint round trip and the tfjs export', async () => {
    const module = new LitModel(modelClass('LineCNNTransformer').build(lines, small, 3), {
      optimizer: 'adam',
      lr: 1e-3,
      oneCycleTotalSteps: 10,
      loss: 'ctc',
    });
    const x = tf.randomUniform([4, 28, 896, 1], 0, 1, 'float32', 5);
    const y = tf.tensor2d(
      Array.from({ length: 4 * 32 }, (_, i) => (i % 32 < 10 ? 1 + (i % 40) : PADDING)),
      [4, 32],
      'int32',
    );
    for (const step of [0, 1]) {
      const result = module.trainingStep({ x, y, size: 4 }, step, 1);
      tf.dispose([result.loss, ...Object.values(result.tallies)]);
    }
    const checkpoint = decodeCheckpoint(
      encodeCheckpoint(
        await captureCheckpoint(module, {
          runName: 'LineCNNTransformer-EMNISTLines-20261204T000000000-tf',
          createdAt: '2026-12-04T00:00:00.000Z',
          config: { model_class: 'LineCNNTransformer', data_class: 'EMNISTLines' },
          mapping: lines.mapping,
          epoch: 0,
          step: 2,
          metrics: {},
          callbacks: {},
        }),
      ),
    );
    expect(checkpoint.weights.map((w) => w.name)).toContain('tf2_norm2/gamma');
    // A config that leaves out a layer the weights hold would make a valid, wrong ONNX graph.
    const oneLayer = { ...checkpoint.meta, config: { ...checkpoint.meta.config, tf_layers: 1 } };
    expect(() => onnxExport({ ...checkpoint, meta: oneLayer })).toThrow(
      "the checkpoint's config says 1 Transformer layers, its weights hold 2.",
    );
    const restored = await restoreModel(checkpoint);
    const files = await exportTfjsModel(module.model, lines.mapping, { run: 'tf' });
    const exported = await tf.loadLayersModel(tfjsFilesHandler(files));
    const expected = (await module.predict(x).data()) as Float32Array;
    const restoredOut = tf.tidy(() => tf.softmax(restored.predict(x) as tf.Tensor));
    const exportedOut = exported.predict(x) as tf.Tensor;
    // The module and the export give probabilities, the restored model logits.
    const want = expected;
    for (const out of [restoredOut, exportedOut]) {
      const got = await out.data();
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i += 97) expect(got[i]).toBeCloseTo(want[i], 5);
    }
    tf.dispose([x, y, restoredOut, exportedOut]);
    restored.dispose();
    exported.dispose();
    module.dispose();
  });
});
