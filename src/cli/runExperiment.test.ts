import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperimentCli as runCli } from '../testing/runCli';

describe('npm run experiment', () => {
  it('rejects bad flags with a clear message and exit code 2', async () => {
    const badValue = await runCli(['--max_epochs', 'two']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain("--max_epochs expects a whole number, got 'two'.");
    const unknown = await runCli(['--epochs', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown flag --epochs');
    const badClass = await runCli(['--model_class', 'ResNet50']);
    expect(badClass.code).toBe(2);
    expect(badClass.stderr).toContain(
      "Unknown model class 'ResNet50'. Choose one of: MLP, CNN, ResNet, LineCNNSimple, LineCNN, LineCNNTransformer.",
    );
  });

  it('refuses a run too large for the wasm heap before training, with the estimate (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inklab-cli-'));
    const run = await runCli(['--fc1', '1000000', '--checkpoint_dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /error: One training step at batch size 128 needs about \d+ MB \(largest tensor: fc1's weights, 2991 MB\); wasm allows 4096 MB in all/,
    );
    expect(run.stdout).not.toContain('Hardware:');
  });

  it('--help lists the chosen classes’ own flags', async () => {
    const cnn = await runCli(['--help', '--model_class', 'CNN']);
    expect(cnn.code).toBe(0);
    expect(cnn.stdout).toContain('--conv_dim');
    expect(cnn.stdout).toContain('--split_seed');
    const mlp = await runCli(['--help']);
    expect(mlp.stdout).toContain('--fc1');
    expect(mlp.stdout).not.toContain('--conv_dim');
  });

  it('trains, tests the best checkpoint, exports tfjs and ends with one JSON line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inklab-cli-'));
    const run = await runCli([
      '--model_class=CNN',
      '--conv_dim=4',
      '--fc_dim=16',
      '--max_epochs=2',
      '--limit_train_batches=8',
      '--limit_val_batches=2',
      '--limit_test_batches=2',
      `--checkpoint_dir=${join(dir, 'ckpt')}`,
      `--export_tfjs=${join(dir, 'tfjs')}`,
      `--export_pytorch=${join(dir, 'pytorch')}`,
      `--export_onnx=${join(dir, 'model.onnx')}`,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Hardware: TensorFlow\.js wasm/);
    expect(run.stdout).toContain('Total params');
    expect(run.stderr).toMatch(/Epoch 1: 100%/);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    expect(last.parameters).toBe(
      4 * 9 + 4 + (4 * 9 * 4 + 4) + (14 * 14 * 4 * 16 + 16) + (16 * 10 + 10),
    );
    // Measured here: test/acc 0.285 (chance 0.1), validation/loss 2.138 (untrained: ln 10, 2.303).
    expect(last['test/acc']).toBeGreaterThanOrEqual(0.27);
    expect(last['validation/loss']).toBeLessThanOrEqual(2.16);
    // The best checkpoint is the last epoch's (the loss fell), named after its loss.
    expect(last.checkpoint).toMatch(
      new RegExp(`epoch=0001-validation_loss=${last['validation/loss'].toFixed(3)}\\.ckpt$`),
    );
    expect(existsSync(last.checkpoint)).toBe(true);
    expect(existsSync(join(dir, 'tfjs', 'model.json'))).toBe(true);
    expect(existsSync(join(dir, 'tfjs', 'weights.bin'))).toBe(true);
    expect(run.stdout).toContain(`Exported ONNX model: ${join(dir, 'model.onnx')}`);
    expect(run.stdout).toContain(`Exported for PyTorch: ${join(dir, 'pytorch', 'model.py')}`);
    expect(readdirSync(join(dir, 'pytorch')).sort()).toEqual([
      'README.md',
      'data.py',
      'model.py',
      'optimizer.safetensors',
      'train.py',
      'weights.safetensors',
    ]);
  });

  it('refuses a corrupt checkpoint with a clear message', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'inklab-cli-')), 'broken.ckpt');
    writeFileSync(path, 'INKLABCK but not really a checkpoint');
    const run = await runCli(['--load_checkpoint', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.ckpt is not a usable Inklab checkpoint/);
  });
});
