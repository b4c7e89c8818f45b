import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importLightningRun } from '../engine/runs/lightningImport';
import { debianPython, PYTHON } from '../testing/debianPython';
import { type CliRun, lastJson, runExperimentCli } from '../testing/runCli';
import { decodeHParams, readEventFile, type TfEvent } from '../testing/tfEventReader';

const tiny = [
  '--model_class=CNN',
  '--conv_dim=4',
  '--fc_dim=16',
  '--limit_train_batches=10',
  '--limit_val_batches=2',
  '--limit_test_batches=2',
  '--json',
];

function expectOk(run: CliRun): void {
  expect(run.code, run.stderr).toBe(0);
}

/** metrics.csv as its header and rows of numbers (empty cells left out). */
function metricsCsv(dir: string): { header: string[]; rows: Record<string, number>[] } {
  const [header, ...lines] = readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  const rows = lines.map((line) =>
    Object.fromEntries(
      line
        .split(',')
        .map((v, i) => [names[i], v] as const)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, Number(v)]),
    ),
  );
  return { header: names, rows };
}

/** hparams.yaml as PyYAML (what Lightning's load_hparams_from_yaml uses) reads it. */
function pyYaml(path: string): unknown {
  const script = 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))';
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8' }));
}

function eventFile(dir: string): TfEvent[] {
  const files = readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.'));
  expect(files).toHaveLength(1);
  return readEventFile(new Uint8Array(readFileSync(join(dir, files[0]))));
}

function hparamsOf(events: TfEvent[]) {
  return events
    .flatMap((e) => e.values)
    .filter((v) => v.pluginName === 'hparams')
    .map((v) => ({ tag: v.tag, data: decodeHParams(v.pluginContent as Uint8Array) }));
}

describe('npm run experiment --logger csv,tensorboard (the default)', () => {
  let logDir: string;
  let checkpointDir: string;
  let run: CliRun;
  let version0: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inklab-logs-'));
    logDir = join(dir, 'lightning_logs');
    checkpointDir = join(dir, 'ckpt');
    run = await runExperimentCli([
      ...tiny,
      '--max_epochs=2',
      `--log_dir=${logDir}`,
      `--checkpoint_dir=${checkpointDir}`,
    ]);
    expectOk(run);
    const [runName] = readdirSync(logDir);
    version0 = join(logDir, runName, 'version_0');
  });

  it("writes metrics.csv as Lightning's CSVLogger does, with the values --json reports", () => {
    expect(run.stdout).toContain(`Logging to ${version0} (csv, tensorboard)`);
    const { header, rows } = metricsCsv(version0);
    expect(header).toEqual([
      'train/loss',
      'epoch',
      'step',
      'train/loss_epoch',
      'train/acc',
      'lr-Adam',
      'validation/loss',
      'validation/acc',
      'test/loss',
      'test/acc',
    ]);
    // Steps logged every 10: one per epoch here, then each epoch's train and validation rows.
    expect(rows.map((r) => [r.epoch, r.step, Object.keys(r).length])).toEqual([
      [0, 10, 3],
      [0, 10, 5],
      [0, 10, 4],
      [1, 20, 3],
      [1, 20, 5],
      [1, 20, 4],
      [1, 20, 4],
    ]);
    const json = lastJson(run);
    const test = rows.at(-1) as Record<string, number>;
    expect(test['test/acc']).toBe(json['test/acc']);
    expect(test['test/loss']).toBe(json['test/loss']);
    expect(rows[5]['validation/loss']).toBe(json['validation/loss']);
    expect(rows[2]['validation/loss']).toBeGreaterThan(rows[5]['validation/loss']);
  });

  it.skipIf(!debianPython('yaml'))(
    'writes hparams.yaml that PyYAML reads back as the run’s flags',
    () => {
      const path = join(version0, 'hparams.yaml');
      const loaded = pyYaml(path) as Record<string, unknown>;
      expect(loaded).toEqual(parse(readFileSync(path, 'utf8')));
      expect(loaded).toMatchObject({
        model_class: 'CNN',
        data_class: 'MNIST',
        conv_dim: 4,
        fc_dim: 16,
        lr: 0.001,
        max_epochs: 2,
        json: true,
        log_dir: logDir,
        logger: 'csv,tensorboard',
      });
      expect(Object.keys(loaded)).toEqual(Object.keys(loaded).sort());
      expect(loaded).not.toHaveProperty('help');
    },
  );

  it('writes a TensorBoard event file: version record, the same scalars, hparams records', () => {
    const events = eventFile(version0);
    expect(events[0].fileVersion).toBe('brain.Event:2');
    const started = events[0].wallTime;
    expect(Math.abs(started - Date.now() / 1000)).toBeLessThan(600);
    for (const [a, b] of events.slice(1).map((e, i) => [events[i], e])) {
      expect(b.wallTime).toBeGreaterThanOrEqual(a.wallTime);
    }
    // Every csv value is a float32 scalar of the same tag at the same step.
    const scalars = events.flatMap((e) =>
      e.values
        .filter((v) => v.simpleValue !== undefined)
        .map((v) => `${v.tag}@${e.step}=${v.simpleValue}`),
    );
    const expected = metricsCsv(version0).rows.flatMap((row) =>
      Object.entries(row)
        .filter(([k]) => k !== 'step')
        .map(([k, v]) => `${k}@${row.step}=${Math.fround(v)}`),
    );
    expect(scalars.sort()).toEqual(expected.sort());

    const hparams = hparamsOf(events);
    expect(hparams.map((h) => h.tag)).toEqual([
      '_hparams_/session_start_info',
      '_hparams_/experiment',
      '_hparams_/session_end_info',
    ]);
    const yaml = parse(readFileSync(join(version0, 'hparams.yaml'), 'utf8'));
    expect(hparams[0].data).toMatchObject({ kind: 'sessionStart', hparams: yaml });
    const experiment = hparams[1].data;
    expect(experiment).toMatchObject({
      kind: 'experiment',
      metricTags: ['validation/loss', 'validation/acc', 'test/loss', 'test/acc'],
    });
    // DataType: 1 string, 2 bool, 3 float64.
    const types = Object.fromEntries(
      (experiment as { hparams: { name: string; type: number }[] }).hparams.map((h) => [
        h.name,
        h.type,
      ]),
    );
    expect(types).toMatchObject({ model_class: 1, json: 2, lr: 3 });
    expect(Object.keys(types)).toEqual(Object.keys(yaml));
    expect(hparams[2].data).toMatchObject({ kind: 'sessionEnd', status: 1 });
  });

  it("comes back into the Runs view's record through the importer", () => {
    const record = importLightningRun({
      metricsCsv: readFileSync(join(version0, 'metrics.csv'), 'utf8'),
      hparamsYaml: readFileSync(join(version0, 'hparams.yaml'), 'utf8'),
      modifiedAt: 1_800_000_000_000,
    });
    const json = lastJson(run);
    expect(record).toMatchObject({
      origin: 'imported',
      status: 'completed',
      maxEpochs: 2,
      batchesPerEpoch: 10,
      config: { model_class: 'CNN', conv_dim: 4, lr: 0.001 },
      test: { 'test/acc': json['test/acc'], 'test/loss': json['test/loss'] },
    });
    expect(record.id).toMatch(/^CNN-MNIST-cli-[0-9a-f]{8}$/);
    expect(record.trainLoss.map(([step]) => step)).toEqual([10, 20]);
    expect(record.epochs.map((e) => [e.epoch, e.step, Object.keys(e.metrics).sort()])).toEqual([
      [0, 10, ['lr', 'train/acc', 'train/loss', 'validation/acc', 'validation/loss']],
      [1, 20, ['lr', 'train/acc', 'train/loss', 'validation/acc', 'validation/loss']],
    ]);
    expect(record.epochs[1].metrics['validation/loss']).toBe(json['validation/loss']);
  });

  it('gives a resumed run the next version, its steps continuing', async () => {
    const [runName] = readdirSync(checkpointDir);
    const [first] = readdirSync(join(checkpointDir, runName)).filter((f) =>
      f.startsWith('epoch=0000-'),
    );
    const resumed = await runExperimentCli([
      `--load_checkpoint=${join(checkpointDir, runName, first)}`,
      '--max_epochs=2',
      `--log_dir=${logDir}`,
      '--json',
    ]);
    expectOk(resumed);
    expect(readdirSync(join(logDir, runName)).sort()).toEqual(['version_0', 'version_1']);
    const version1 = join(logDir, runName, 'version_1');
    const { rows } = metricsCsv(version1);
    expect(rows.map((r) => r.step)).toEqual([20, 20, 20, 20]);
    expect(rows[0].epoch).toBe(1);
    // The same run: epoch 1 as in the uninterrupted version_0.
    const before = metricsCsv(version0).rows;
    expect(rows[2]['validation/loss']).toBeCloseTo(before[5]['validation/loss'], 5);
    expect(parse(readFileSync(join(version1, 'hparams.yaml'), 'utf8'))).toMatchObject({
      conv_dim: 4,
      lr: 0.001,
    });
  });

  it('--logger csv writes no event file, --logger none no folder, a bad name is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inklab-logs-'));
    const flags = [...tiny, '--max_epochs=1', `--checkpoint_dir=${join(dir, 'ckpt')}`];
    const csvOnly = await runExperimentCli([
      ...flags,
      '--logger=csv',
      `--log_dir=${join(dir, 'a')}`,
    ]);
    expectOk(csvOnly);
    const [runName] = readdirSync(join(dir, 'a'));
    expect(readdirSync(join(dir, 'a', runName, 'version_0')).sort()).toEqual([
      'hparams.yaml',
      'metrics.csv',
    ]);
    const none = await runExperimentCli([...flags, '--logger=none', `--log_dir=${join(dir, 'b')}`]);
    expectOk(none);
    expect(readdirSync(dir).sort()).toEqual(['a', 'ckpt']);
    const bad = await runExperimentCli([...flags, '--logger=wandb']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "error: --logger takes csv, tensorboard (comma-separated) or none; got 'wandb'.",
    );
    expect(bad.stdout).not.toContain('Hardware:');
  });
});
