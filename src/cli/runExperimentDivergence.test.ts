import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runExperimentCli } from '../testing/runCli';

/** The tiny CNN; 20 batches so the run could go on well past the first read of the loss. */
const tinyCnn = [
  '--model_class=CNN',
  '--conv_dim=4',
  '--fc_dim=16',
  '--max_epochs=2',
  '--limit_train_batches=20',
  '--limit_val_batches=2',
  '--limit_test_batches=2',
  '--threads=1',
  '--json',
];

describe('npm run experiment with a learning rate that makes the loss non-finite', () => {
  // Step 1's loss comes from the initial weights; its update (an infinite rate in float32)
  // makes step 2's loss NaN. The CLI reads the loss every 10 steps: the report still names 2.
  it('--lr 1e300 ends as diverged at step 2, exit code 1, nothing saved', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'inklab-diverge-')), 'ckpt');
    const run = await runExperimentCli([...tinyCnn, '--lr=1e300', `--checkpoint_dir=${dir}`]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      'error: Training diverged: the loss was NaN at step 2. No checkpoint was saved before it. ' +
        'Try a lower learning rate, e.g. --lr 1e+299 (a tenth of 1e+300).',
    );
    expect(lastJson(run)).toEqual({
      parameters: 12_918,
      checkpoint: null,
      finish_reason: 'diverged',
    });
    expect(run.stdout).not.toContain('Validation metrics');
    const files = readdirSync(dir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.ckpt'))).toEqual([]);
  });

  // lr 1e9 drives this CNN's logits past float32's range at once (the MLP's stay finite: it
  // trains on at a validation loss near 1e9, as an ordinary run).
  it('--lr 1e9 no longer trains on: diverged at step 2, stopped at the first read', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'inklab-diverge-')), 'ckpt');
    const run = await runExperimentCli([...tinyCnn, '--lr=1e9', `--checkpoint_dir=${dir}`]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('Training diverged: the loss was NaN at step 2.');
    expect(run.stderr).toContain('--lr 100000000 (a tenth of 1000000000)');
    // Ended within epoch 0 (a run that trained on would validate and start epoch 1).
    expect(run.stdout).not.toContain('Validation metrics');
    expect(run.stderr).not.toContain('Epoch 1');
    expect(lastJson(run).finish_reason).toBe('diverged');
  });
});
