import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NamedArray } from '../engine/checkpoint/format';
import { restoreModel } from '../engine/checkpoint/moduleState';
import { OPTIMIZER_FILE, pytorchExport, WEIGHTS_FILE } from '../engine/pytorch/pytorchExport';
import { checkpointFromTorch } from '../engine/pytorch/pytorchImport';
import { decodeSafetensors, encodeSafetensors, type Tensor } from '../engine/pytorch/safetensors';
import { debianPython, PYTHON } from '../testing/debianPython';
import {
  MODEL_CASES as cases,
  trainedCheckpoint,
  withoutDropout,
} from '../testing/trainedCheckpoint';
import { useWasmBackend } from '../testing/wasmBackend';

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

describe.skipIf(!debianPython('torch'))('the PyTorch export', () => {
  beforeAll(useWasmBackend);

  for (const [name, flags] of cases) {
    it(`${name}: model.py with the exported weights gives the tfjs logits on 256 real images, and the weights come back bit for bit`, async () => {
      const trained = await trainedCheckpoint(flags);
      const { checkpoint, module } = trained;
      const batch = trained.testBatch(256);
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
      // The bound; measured here: at most 2e-7 (float32 sums in another order), 1.1e-6
      // for LineCNNTransformer (layer norms and attention).
      expect(worst).toBeLessThanOrEqual(1e-4);

      // Inklab -> PyTorch -> Inklab: the same weights and optimizer state, bit for bit.
      const back = checkpointFromTorch(
        files[WEIGHTS_FILE] as Uint8Array,
        files[OPTIMIZER_FILE] as Uint8Array,
        WEIGHTS_FILE,
      );
      const bytes = (a: Float32Array | Int32Array) =>
        Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      // (tfjs names a variable's moments after its unique name, which the state does not keep.)
      expect(back.weights.map((w) => [w.name, w.shape])).toEqual(
        checkpoint.weights.map((w) => [w.name, w.shape]),
      );
      expect(back.optimizerWeights.map((w) => [w.shape, w.dtype])).toEqual(
        checkpoint.optimizerWeights.map((w) => [w.shape, w.dtype]),
      );
      for (const [got, want] of <[NamedArray[], NamedArray[]][]>[
        [back.weights, checkpoint.weights],
        [back.optimizerWeights, checkpoint.optimizerWeights],
      ]) {
        got.forEach((w: NamedArray, i: number) => {
          expect(bytes(w.data).equals(bytes(want[i].data)), w.name).toBe(true);
        });
      }
      expect(back.meta).toMatchObject({
        runName: checkpoint.meta.runName,
        config: checkpoint.meta.config,
        mapping: checkpoint.meta.mapping,
        epoch: checkpoint.meta.epoch,
        step: checkpoint.meta.step,
        modelTopology: checkpoint.meta.modelTopology,
      });
      tf.dispose([expected, batch.x, batch.y]);
      trained.dispose();
    }, 120_000);
  }

  // AdamW too (its decoupled weight decay must be continued as well as Adam's moments), and
  // label smoothing, which changes the loss.
  const stepCases: [string, Record<string, string>][] = [
    ...cases.map(([name, flags]): [string, Record<string, string>] => [`${name}, Adam`, flags]),
    ['CNN, AdamW', { ...(cases[1][1] as Record<string, string>), optimizer: 'adamw' }],
    [
      'CNN, label smoothing',
      { ...(cases[1][1] as Record<string, string>), label_smoothing: '0.1' },
    ],
  ];
  for (const [name, flags] of stepCases) {
    it(`${name}: one step of train.py's optimizer and loss from the exported weights and optimizer state gives the engine’s loss and weights`, async () => {
      // Dropout off: both sides then take the same step.
      const trained = await trainedCheckpoint(withoutDropout(flags));
      const { checkpoint, module } = trained;
      const dir = mkdtempSync(join(tmpdir(), 'inklab-pytorch-step-'));
      for (const [file, content] of Object.entries(pytorchExport(checkpoint)))
        writeFileSync(join(dir, file), content);
      const batch = trained.testBatch(64);
      writeFileSync(join(dir, 'images.f32'), batch.x.dataSync() as Float32Array);
      writeFileSync(join(dir, 'labels.i32'), batch.y.dataSync() as Int32Array);
      const step = module.trainingStep(batch, checkpoint.meta.step, 0);
      const engineLoss = (await step.loss.data())[0];
      const engineWeights = await Promise.all(module.model.weights.map((w) => w.read().data()));
      // train.py's own optimizer and objective, so this checks the code that continues the run.
      const script = `
import sys, numpy, torch
d = sys.argv[1]
sys.path.insert(0, d)
import model, train
net, info = model.build(d)
net.train()
params = list(net.parameters())
optimizer, _ = train.make_optimizer(params, info["config"], info["config"]["lr"], d)
objective = train.Objective(info["config"], info["mapping"])
x = torch.from_numpy(numpy.fromfile(d + "/images.f32", dtype="<f4")).reshape(64, 1, ${batch.x.shape[1]}, ${batch.x.shape[2]})
y = torch.from_numpy(numpy.fromfile(d + "/labels.i32", dtype="<i4").astype("int64")).reshape(64, *${JSON.stringify(batch.y.shape.slice(1))})
loss = objective.loss(net(x), y)
optimizer.zero_grad()
loss.backward()
optimizer.step()
# With the export's metadata, so Inklab's import reads the stepped weights back.
model.write_safetensors(d + "/stepped.safetensors", net.state_dict(), model.read_safetensors(d + "/weights.safetensors")[1])
print(float(loss))
`;
      const torchLoss = Number(
        execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' }).trim(),
      );
      // The bound is 1e-4 relative; measured here: losses within 8e-6, weights within 3e-6.
      expect(Math.abs(torchLoss - engineLoss) / engineLoss).toBeLessThanOrEqual(1e-4);
      const stepped = checkpointFromTorch(
        readFileSync(join(dir, 'stepped.safetensors')),
        undefined,
        'stepped.safetensors',
      ).weights;
      expect(stepped.map((w) => [w.name, w.shape])).toEqual(
        checkpoint.weights.map((w) => [w.name, w.shape]),
      );
      stepped.forEach((w, i) => {
        const want = engineWeights[i] as Float32Array;
        const before = checkpoint.weights[i].data;
        let diff = 0;
        let norm = 0;
        let stepNorm = 0;
        for (let k = 0; k < want.length; k++) {
          diff += (w.data[k] - want[k]) ** 2;
          norm += want[k] ** 2;
          stepNorm += (want[k] - before[k]) ** 2;
        }
        expect(Math.sqrt(diff / norm), w.name).toBeLessThanOrEqual(1e-4);
        // Relative to the step itself (new minus old weights), where a missing weight decay
        // shows (3e-3 here) and float32 rounding stays below 8e-5 (measured).
        expect(Math.sqrt(diff / stepNorm), w.name).toBeLessThanOrEqual(1e-3);
        // The step moved the weights, so agreeing is not agreeing on the old ones.
        expect(
          Buffer.from(w.data.buffer).equals(Buffer.from(checkpoint.weights[i].data.slice().buffer)),
        ).toBe(false);
      });
      tf.dispose([step.loss, ...Object.values(step.tallies), batch.x, batch.y]);
      trained.dispose();
    }, 120_000);
  }
  it('exports a LineCNNTransformer checkpoint saved while its key projection had a bias', async () => {
    const trained = await trainedCheckpoint(cases[cases.length - 1][1]);
    const { checkpoint } = trained;
    const topology = structuredClone(checkpoint.meta.modelTopology) as {
      config: { layers: { config: { name: string; use_bias?: boolean } }[] };
    };
    const isKey = (name: string) => /^tf\d+_key$/.test(name);
    for (const layer of topology.config.layers) {
      if (isKey(layer.config.name)) layer.config.use_bias = true;
    }
    const weights = checkpoint.weights.flatMap((w): NamedArray[] => {
      if (!isKey(w.name.replace('/kernel', ''))) return [w];
      const units = w.shape[1];
      const data = Float32Array.from({ length: units }, (_, i) => 0.05 * i);
      return [
        w,
        { name: w.name.replace('/kernel', '/bias'), shape: [units], dtype: 'float32', data },
      ];
    });
    expect(weights.length).toBe(checkpoint.weights.length + 2);
    const old = {
      ...checkpoint,
      meta: { ...checkpoint.meta, modelTopology: topology },
      weights,
      optimizerWeights: [],
    };
    const restored = await restoreModel(old);
    const batch = trained.testBatch(16);
    const out = restored.predict(batch.x) as tf.Tensor;
    const expected = (await out.data()) as Float32Array;
    const dir = mkdtempSync(join(tmpdir(), 'inklab-pytorch-key-bias-'));
    for (const [file, content] of Object.entries(pytorchExport(old)))
      writeFileSync(join(dir, file), content);
    const actual = torchLogits(dir, batch.x);
    let worst = 0;
    for (let i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    expect(worst).toBeLessThanOrEqual(1e-4);
    tf.dispose([out, batch.x, batch.y]);
    restored.dispose();
    trained.dispose();
  }, 120_000);

  it('refuses, naming the weight, a safetensors file whose shapes or tensors do not fit its model', async () => {
    const trained = await trainedCheckpoint(cases[1][1]);
    const exported = pytorchExport(trained.checkpoint)[WEIGHTS_FILE] as Uint8Array;
    const { tensors, metadata } = decodeSafetensors(exported, WEIGHTS_FILE);
    const restored = (edit: (t: Map<string, Tensor>) => void) => {
      const changed = new Map(tensors);
      edit(changed);
      const bytes = encodeSafetensors(Object.fromEntries(changed), metadata);
      return restoreModel(checkpointFromTorch(bytes, undefined, 'w.safetensors'), 'w.safetensors');
    };
    const fc1 = tensors.get('fc1.weight') as Tensor;
    await expect(
      restored((t) => t.set('fc1.weight', { ...fc1, shape: [...fc1.shape].reverse() })),
    ).rejects.toThrow(
      `w.safetensors cannot be used: weight fc1/kernel has shape [${fc1.shape[0]},${fc1.shape[1]}], the model needs [${fc1.shape[1]},${fc1.shape[0]}].`,
    );
    await expect(
      restored((t) => t.set('extra.bias', { shape: [2], data: new Float32Array(2) })),
    ).rejects.toThrow('w.safetensors cannot be used: it holds 9 weight arrays, its model needs 8.');
    trained.dispose();
  }, 120_000);
});
