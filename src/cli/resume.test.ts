import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { emnistTestSource } from '../testing/emnistFixture';
import { type CliRun, lastJson, runExperimentCli } from '../testing/runCli';
import { TEST_DATASETS_DIR } from '../testing/sharedDatasets';

// The shared EMNIST split with flags other than the defaults: what a resume must carry over.
const emnistRun = [
  '--data_class=EMNIST',
  '--model_class=CNN',
  '--conv_dim=4',
  '--fc_dim=16',
  '--batch_size=64',
  '--seed=7',
  '--limit_train_batches=4',
  '--limit_val_batches=1',
  '--limit_test_batches=3',
  `--data_dir=${TEST_DATASETS_DIR}`,
  '--json',
];

function savedCheckpoint(dir: string, epoch: number): string {
  const [run] = readdirSync(dir);
  const file = readdirSync(join(dir, run)).find((f) =>
    f.startsWith(`epoch=${String(epoch).padStart(4, '0')}-`),
  );
  if (!file) throw new Error(`no checkpoint of epoch ${epoch} in ${join(dir, run)}`);
  return join(dir, run, file);
}

function expectOk(run: CliRun): void {
  expect(run.code, run.stderr).toBe(0);
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

const available = (await emnistTestSource()) !== null;

describe.skipIf(!available)('--load_checkpoint continues a run exactly', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'inklab-resume-'));
  });

  it('one epoch, then the checkpoint alone with --max_epochs 2, tests as the two-epoch run', async () => {
    const flags = [...emnistRun, '--lr=3e-3'];
    const full = await runExperimentCli([
      ...flags,
      '--max_epochs=2',
      `--checkpoint_dir=${join(dir, 'full')}`,
    ]);
    expectOk(full);
    const first = await runExperimentCli([
      ...flags,
      '--max_epochs=1',
      `--checkpoint_dir=${join(dir, 'first')}`,
    ]);
    expectOk(first);
    const checkpoint = savedCheckpoint(join(dir, 'first'), 0);
    const resumed = await runExperimentCli([
      `--load_checkpoint=${checkpoint}`,
      '--max_epochs=2',
      `--data_dir=${TEST_DATASETS_DIR}`,
      '--json',
    ]);
    expectOk(resumed);
    expect(resumed.stdout).toContain('Resuming at epoch 1, step 4');
    const [a, b] = [lastJson(full), lastJson(resumed)];
    expect(relative(b['test/loss'] as number, a['test/loss'] as number)).toBeLessThan(1e-5);
    expect(relative(b['validation/loss'] as number, a['validation/loss'] as number)).toBeLessThan(
      1e-5,
    );
    // It kept saving into the run's own folder, beside the checkpoint it continued.
    expect(existsSync(savedCheckpoint(join(dir, 'first'), 1))).toBe(true);
  });

  it('with --stop_early 1, stops at the same epoch as the uninterrupted run', async () => {
    // At this rate validation loss falls after epoch 0, then rises after epoch 1: early stopping
    // ends the run after epoch 2, which only the epoch-1 patience state in its checkpoint tells.
    const flags = [...emnistRun, '--lr=1', '--stop_early=1'];
    const full = await runExperimentCli([
      ...flags,
      '--max_epochs=5',
      `--checkpoint_dir=${join(dir, 'es-full')}`,
    ]);
    expectOk(full);
    expect(full.stdout).toContain('stopping after epoch 2.');
    const first = await runExperimentCli([
      ...flags,
      '--max_epochs=2',
      `--checkpoint_dir=${join(dir, 'es-first')}`,
    ]);
    expectOk(first);
    const resumed = await runExperimentCli([
      `--load_checkpoint=${savedCheckpoint(join(dir, 'es-first'), 1)}`,
      '--max_epochs=5',
      `--data_dir=${TEST_DATASETS_DIR}`,
      '--json',
    ]);
    expectOk(resumed);
    expect(resumed.stdout).toContain('stopping after epoch 2.');
    const [a, b] = [lastJson(full), lastJson(resumed)];
    expect(relative(b['test/loss'] as number, a['test/loss'] as number)).toBeLessThan(1e-5);
  });

  it('refuses a conflicting flag before any work, and resumes into another folder', async () => {
    const checkpoint = savedCheckpoint(join(dir, 'first'), 0);
    const conflict = await runExperimentCli([
      `--load_checkpoint=${checkpoint}`,
      '--max_epochs=2',
      '--batch_size=128',
    ]);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain(
      'error: --batch_size 128 conflicts with the checkpoint of run',
    );
    expect(conflict.stderr).toContain('which was trained with --batch_size 64.');
    expect(conflict.stdout).not.toContain('Hardware:');

    const elsewhere = join(dir, 'elsewhere');
    const moved = await runExperimentCli([
      `--load_checkpoint=${checkpoint}`,
      '--max_epochs=2',
      `--checkpoint_dir=${elsewhere}`,
      `--data_dir=${TEST_DATASETS_DIR}`,
      '--json',
    ]);
    expectOk(moved);
    expect(moved.stdout).toContain('1 earlier checkpoint is not in');
    expect(lastJson(moved).checkpoint).toBe(savedCheckpoint(elsewhere, 1));
  });
});
