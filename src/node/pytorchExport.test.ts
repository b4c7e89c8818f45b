import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../engine/checkpoint/format';
import {
  checkpointWeightsFromTorch,
  pytorchExport,
  WEIGHTS_FILE,
} from '../engine/pytorch/pytorchExport';
import { createTestExperiment } from '../testing/experimentHarness';
import { useWasmBackend } from '../testing/wasmBackend';

const PYTHON = '/usr/bin/python3';
const short = {
  max_epochs: '1',
  limit_train_batches: '3',
  limit_val_batches: '1',
  limit_test_batches: '1',
};
const lines = {
  data_class: 'EMNISTLines',
  glyph_source: 'MNIST',
  num_train: '64',
  num_val: '16',
  num_test: '256',
};

const cases: [string, Record<string, string>][] = [
  ['MLP', { model_class: 'MLP', fc1: '64', fc2: '32' }],
  ['CNN', { model_class: 'CNN', conv_dim: '4', fc_dim: '16' }],
  ['LineCNNSimple', { ...lines, model_class: 'LineCNNSimple', conv_dim: '4', fc_dim: '16' }],
  ['LineCNN', { ...lines, model_class: 'LineCNN', loss: 'ctc', conv_dim: '4', fc_dim: '16' }],
];

/** Runs model.py from the export on `images` (N x H x W x 1 float32) and returns its logits. */
function torchLogits(dir: string, images: tf.Tensor): Float32Array {
  const [n, h, w] = images.shape;
  writeFileSync(join(dir, 'images.f32'), images.dataSync() as Float32Array);
  const script = `
import sys, numpy, torch
sys.path.insert(0, sys.argv[1])
import model
net, info = model.build(sys.argv[1])
net.eval()
x = torch.from_numpy(numpy.fromfile(sys.argv[1] + "/images.f32", dtype="<f4")).reshape(${n}, 1, ${h}, ${w})
with torch.no_grad():
    net(x).numpy().astype("<f4").tofile(sys.argv[1] + "/logits.f32")
probabilities, mapping = model.load(sys.argv[1])
assert mapping == info["mapping"]
`;
  execFileSync(PYTHON, ['-c', script, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const bytes = readFileSync(join(dir, 'logits.f32'));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

describe('the PyTorch export', () => {
  beforeAll(useWasmBackend);

  for (const [name, flags] of cases) {
    it(`${name}: model.py with the exported weights gives the tfjs logits on 256 real images, and the weights come back bit for bit`, async () => {
      const { experiment, store } = createTestExperiment({ ...short, ...flags });
      const result = await experiment.run();
      const id = result.bestCheckpoint as string;
      const checkpoint = decodeCheckpoint(await store.load(id), id);
      const module = await experiment.loadCheckpoint(id);
      const [batch] = experiment.dataModule.batches('test', { batchSize: 256, limitBatches: 1 });
      expect(batch.size).toBe(256);
      const expected = module.model.predict(batch.x) as tf.Tensor;
      const dir = mkdtempSync(join(tmpdir(), 'inklab-pytorch-'));
      const files = pytorchExport(checkpoint);
      for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
      const actual = torchLogits(dir, batch.x);
      const want = (await expected.data()) as Float32Array;
      expect(actual.length).toBe(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(actual[i] - want[i]));
      // The bound; measured here: at most 2e-7 (float32 sums in another order).
      expect(worst).toBeLessThanOrEqual(1e-4);

      const back = checkpointWeightsFromTorch(
        files[WEIGHTS_FILE] as Uint8Array,
        checkpoint.weights,
        WEIGHTS_FILE,
      );
      expect(back.map((w) => [w.name, w.shape])).toEqual(
        checkpoint.weights.map((w) => [w.name, w.shape]),
      );
      const bytes = (a: Float32Array | Int32Array) =>
        Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      back.forEach((w, i) => {
        expect(bytes(w.data).equals(bytes(checkpoint.weights[i].data)), w.name).toBe(true);
      });
      tf.dispose([expected, batch.x, batch.y]);
      module.dispose();
      experiment.dispose();
    }, 120_000);
  }
});
