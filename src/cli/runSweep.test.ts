import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJson, runSweepCli } from '../testing/runCli';
import { decodeHParams, readEventFile } from '../testing/tfEventReader';

const tiny = [
  '--model_class=CNN',
  '--fc_dim=16',
  '--limit_train_batches=8',
  '--limit_val_batches=2',
  '--limit_test_batches=2',
];

let logDir = '';

function folder(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'inklab-sweep-'));
  logDir = join(dir, 'lightning_logs');
  return [
    `--checkpoint_dir=${join(dir, 'ckpt')}`,
    `--sweep_dir=${join(dir, 'sweeps')}`,
    `--log_dir=${logDir}`,
  ];
}

/** The hparams plugin's session status in a trial's event file (1 success, 0 unknown). */
function sessionStatus(runName: string): unknown {
  const dir = join(logDir, runName, 'version_0');
  const [file] = readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
  const end = readEventFile(new Uint8Array(readFileSync(join(dir, file))))
    .flatMap((e) => e.values)
    .find((v) => v.tag === '_hparams_/session_end_info');
  return decodeHParams(end?.pluginContent as Uint8Array);
}

/** results.csv as rows of named cells. */
function results(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

describe('npm run sweep', () => {
  it('runs a 4-trial grid, writes every trial to results.csv and names the best one last', async () => {
    const run = await runSweepCli([
      ...tiny,
      ...folder(),
      '--lr',
      '1e-3,3e-3',
      '--conv_dim',
      '4,8',
      '--max_epochs',
      '1',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Trial 4/4: --lr 0.003 --conv_dim 8');
    const last = lastJson(run) as {
      results: string;
      best: { trial: number; run: string; params: object };
      trials: number;
      pruned: number;
    };
    expect(last).toMatchObject({ trials: 4, pruned: 0 });
    const rows = results(last.results);
    expect(rows.map((r) => [r.trial, r.lr, r.conv_dim, r.status, r.epochs])).toEqual([
      ['0', '0.001', '4', 'completed', '1'],
      ['1', '0.001', '8', 'completed', '1'],
      ['2', '0.003', '4', 'completed', '1'],
      ['3', '0.003', '8', 'completed', '1'],
    ]);
    const lowest = rows.reduce((a, b) =>
      Number(b['validation/loss']) < Number(a['validation/loss']) ? b : a,
    );
    expect(last.best.trial).toBe(Number(lowest.trial));
    expect(last.best.run).toBe(lowest.run);
    expect(last.best.params).toEqual({ lr: Number(lowest.lr), conv_dim: Number(lowest.conv_dim) });
  });

  it('prunes a trial whose learning rate is far too high, after its first validation', async () => {
    // Measured: lr 3 reaches validation/loss 10.7 at epoch 0, against 2.24 for lr 1e-3.
    const run = await runSweepCli([
      ...tiny,
      ...folder(),
      '--conv_dim',
      '4',
      '--lr',
      '1e-3,3',
      '--max_epochs',
      '2',
      '--prune',
      'median',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /MedianPruning: validation\/loss \d+\.\d{4} at epoch 0 is worse than the median \d\.\d{4} of 1 earlier trial; pruning this trial\./,
    );
    const last = lastJson(run) as { results: string; best: { trial: number }; pruned: number };
    expect(last.pruned).toBe(1);
    expect(last.best.trial).toBe(0);
    const rows = results(last.results);
    expect(rows.map((r) => [r.lr, r.status, r.epochs])).toEqual([
      ['0.001', 'completed', '2'],
      ['3', 'pruned', '1'],
    ]);
    // A pruned trial is not tested.
    expect(rows[1]['test/acc']).toBe('');
    // Each trial is logged as its own run.
    expect(sessionStatus(rows[0].run)).toMatchObject({ kind: 'sessionEnd', status: 1 });
    expect(sessionStatus(rows[1].run)).toMatchObject({ kind: 'sessionEnd', status: 0 });
    expect(readFileSync(join(logDir, rows[1].run, 'version_0', 'metrics.csv'), 'utf8')).toContain(
      'validation/loss',
    );
  });

  it('refuses a bad value before training anything (exit 2)', async () => {
    const run = await runSweepCli([...tiny, ...folder(), '--lr', '1e-3,abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --lr expects a number, got 'abc'.");
    expect(run.stdout).not.toContain('Trial 1');
  });
});
