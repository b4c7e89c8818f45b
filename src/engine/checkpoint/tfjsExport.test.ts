import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTfjsModelDir, writeTfjsModelDir } from '../../node/tfjsModelDir';
import { useWasmBackend } from '../../testing/wasmBackend';
import { LitModel } from '../lit/litModel';
import { buildCNN } from '../models/cnn';
import { exportTfjsModel, tfjsFilesHandler } from './tfjsExport';

describe('tfjs layers-model export', () => {
  beforeAll(useWasmBackend);

  it('loads with tf.loadLayersModel from files on disk and predicts the same probabilities', async () => {
    const mapping = [...'0123456789'];
    const model = buildCNN(
      { inputDims: [28, 28, 1], outputDims: [10], mapping },
      { conv_dim: 4, fc_dim: 8, fc_dropout: 0.25 },
      5,
    );
    const module = new LitModel(model, { optimizer: 'adam', lr: 1e-3, oneCycleTotalSteps: 100 });
    const files = await exportTfjsModel(model, mapping, { run: 'test-run' });
    const dir = mkdtempSync(join(tmpdir(), 'inklab-export-'));
    await writeTfjsModelDir(dir, files);

    const loaded = await tf.loadLayersModel(tfjsFilesHandler(await readTfjsModelDir(dir)));
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 11);
    const expected = module.predict(x);
    const actual = loaded.predict(x) as tf.Tensor;
    expect(actual.shape).toEqual([4, 10]);
    const [e, a] = [await expected.data(), await actual.data()];
    for (let i = 0; i < e.length; i++) expect(a[i]).toBeCloseTo(e[i], 6);
    const rowSums = await tf.sum(actual, 1).data();
    for (const s of rowSums) expect(s).toBeCloseTo(1, 5);
    expect(loaded.getUserDefinedMetadata()).toMatchObject({ mapping, run: 'test-run' });
    expect(files.modelJson.format).toBe('layers-model');
    tf.dispose([x, expected, actual]);
    loaded.dispose();
    module.dispose();
  });
});
