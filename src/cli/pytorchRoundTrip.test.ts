import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../engine/pytorch/safetensors';
import { checkOnnxModel, debianPython, scorePytorchExport } from '../testing/debianPython';
import { type CliRun, lastJson, runExperimentCli } from '../testing/runCli';

const tiny = [
  '--model_class=CNN',
  '--conv_dim=4',
  '--fc_dim=16',
  '--limit_train_batches=8',
  '--limit_val_batches=2',
  '--limit_test_batches=4',
  '--json',
];

function expectOk(run: CliRun): void {
  expect(run.code, run.stderr).toBe(0);
}

describe.skipIf(!debianPython('torch', 'onnx'))(
  '--load_checkpoint takes a PyTorch export back',
  () => {
    it('continues the run from weights.safetensors and optimizer.safetensors as from its .ckpt', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'inklab-pt-'));
      const first = await runExperimentCli([
        ...tiny,
        '--max_epochs=1',
        `--checkpoint_dir=${join(dir, 'first')}`,
        `--export_pytorch=${join(dir, 'pytorch')}`,
        `--export_onnx=${join(dir, 'model.onnx')}`,
      ]);
      expectOk(first);
      // Both exports are usable with PyTorch and ONNX alone.
      checkOnnxModel(join(dir, 'model.onnx'));
      expect(scorePytorchExport(join(dir, 'pytorch'), 4)).toEqual({
        classes: 10,
        shape: [4, 10],
        sum: 4,
      });
      const fromCkpt = await runExperimentCli([
        `--load_checkpoint=${lastJson(first).checkpoint}`,
        '--max_epochs=2',
        `--checkpoint_dir=${join(dir, 'ckpt')}`,
        '--json',
      ]);
      expectOk(fromCkpt);
      const fromTorch = await runExperimentCli([
        `--load_checkpoint=${join(dir, 'pytorch', 'weights.safetensors')}`,
        '--max_epochs=2',
        `--checkpoint_dir=${join(dir, 'torch')}`,
        '--json',
      ]);
      expectOk(fromTorch);
      expect(fromTorch.stdout).toContain('Resuming at epoch 1, step 8');
      const [a, b] = [lastJson(fromCkpt), lastJson(fromTorch)];
      expect(b['validation/loss']).toBe(a['validation/loss']);
      expect(b['test/loss']).toBe(a['test/loss']);
    });

    it('refuses a safetensors file without Inklab metadata, saying what to import', async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'inklab-pt-')), 'weights.safetensors');
      writeFileSync(
        path,
        encodeSafetensors({ 'fc.weight': { shape: [1], data: Float32Array.of(1) } }),
      );
      const run = await runExperimentCli([`--load_checkpoint=${path}`]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `error: ${path} has no inklab entry in its metadata: import a file that Inklab's PyTorch export or its train.py wrote.`,
      );
    });
  },
);
