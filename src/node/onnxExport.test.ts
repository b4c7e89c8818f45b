import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { onnxExport } from '../engine/onnx/onnxExport';
import { debianPython, PYTHON } from '../testing/debianPython';
import { MODEL_CASES, trainedCheckpoint } from '../testing/trainedCheckpoint';
import { useWasmBackend } from '../testing/wasmBackend';

describe.skipIf(!debianPython('onnx'))('the ONNX export', () => {
  beforeAll(async () => {
    await useWasmBackend();
    ort.env.wasm.numThreads = 1;
  });

  for (const [name, flags] of MODEL_CASES) {
    it(`${name}: ONNX Runtime gives the tfjs probabilities on 256 real images, and ONNX's checker accepts the model`, async () => {
      const trained = await trainedCheckpoint(flags);
      const batch = trained.testBatch(256);
      const expected = (await trained.module.predict(batch.x).data()) as Float32Array;
      const bytes = onnxExport(trained.checkpoint);
      const session = await ort.InferenceSession.create(bytes);
      const input = new ort.Tensor('float32', batch.x.dataSync() as Float32Array, batch.x.shape);
      const { probabilities } = await session.run({ input });
      const actual = probabilities.data as Float32Array;
      expect(probabilities.dims).toEqual(
        trained.module.model.outputs[0].shape.map((d, i) => (i === 0 ? 256 : d)),
      );
      let worst = 0;
      for (let i = 0; i < expected.length; i++)
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      // The bound; measured here: at most 1e-7.
      expect(worst).toBeLessThanOrEqual(1e-4);
      await session.release();

      const path = join(mkdtempSync(join(tmpdir(), 'inklab-onnx-')), 'model.onnx');
      writeFileSync(path, bytes);
      const checked = execFileSync(
        PYTHON,
        [
          '-c',
          'import json, sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(m.opset_import[0].version, len(json.loads({p.key: p.value for p in m.metadata_props}["mapping"])))',
          path,
        ],
        { encoding: 'utf8' },
      );
      expect(checked.trim()).toBe(`13 ${trained.checkpoint.meta.mapping.length}`);
      tf.dispose([batch.x, batch.y]);
      trained.dispose();
    }, 120_000);
  }
});
