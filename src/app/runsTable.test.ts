import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../engine/runs/runRecord';
import {
  configDiff,
  curve,
  filterRows,
  runMetricsCsv,
  runRow,
  runsCsv,
  smooth,
  sortRows,
} from './runsTable';

function record(id: string, changes: Partial<RunRecord> = {}): RunRecord {
  return {
    version: 1,
    id,
    name: id,
    tags: [],
    origin: 'studio',
    config: { data_class: 'MNIST', model_class: 'CNN', max_epochs: 2, batch_size: 8, lr: 0.001 },
    inklabVersion: '0.1.0',
    datasets: {},
    hardware: { backend: 'wasm', description: 'wasm' },
    startedAt: 1000,
    endedAt: 5000,
    status: 'completed',
    maxEpochs: 2,
    batchesPerEpoch: 2,
    trainLoss: [
      [1, 100, 2, 2, 2, 1],
      [2, 200, 1.5, 1.5, 1.5, 1],
      [3, 300, 1, 1, 1, 1],
      [4, 400, 0.5, 0.5, 0.5, 1],
    ],
    epochs: [
      { epoch: 0, step: 2, ms: 250, metrics: { 'validation/loss': 1.2, 'validation/acc': 0.5 } },
      { epoch: 1, step: 4, ms: 450, metrics: { 'validation/loss': 0.9, 'validation/acc': 0.7 } },
    ],
    test: { 'test/acc': 0.65 },
    checkpoints: [],
    log: [],
    ...changes,
  };
}

describe('the Runs view table', () => {
  it('summarizes a run: best validation values, test accuracy, duration and status', () => {
    expect(runRow(record('a'))).toMatchObject({
      bestValLoss: 0.9,
      bestValAcc: 0.7,
      testAcc: 0.65,
      durationS: 4,
      status: 'Completed',
      flags: '2 ep · batch 8 · lr 0.001',
      backend: 'wasm',
    });
  });

  it('sorts with missing values last either way, and filters on every word', () => {
    const rows = [
      runRow(record('a', { test: { 'test/acc': 0.2 } })),
      runRow(record('b', { test: undefined, tags: ['baseline'] })),
      runRow(record('c', { test: { 'test/acc': 0.9 } })),
    ];
    expect(sortRows(rows, 'testAcc', true).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(sortRows(rows, 'testAcc', false).map((r) => r.id)).toEqual(['a', 'c', 'b']);
    expect(filterRows(rows, 'BASELINE cnn').map((r) => r.id)).toEqual(['b']);
    expect(filterRows(rows, 'cnn resnet')).toEqual([]);
  });

  it('smooths as TensorBoard does: a debiased moving average', () => {
    const points = [1, 2, 3].map((y, x) => ({ x, y }));
    expect(smooth(points, 0)).toEqual(points);
    const smoothed = smooth(points, 0.5).map((p) => p.y);
    // (0.5 * 1) / 0.5 = 1; (0.25 + 0.5 * 2) / 0.75; (0.625 + 1.5) / 0.875
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(smoothed[2]).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('draws train loss by step, epoch or wall time, and epoch metrics from the epochs', () => {
    const run = record('a');
    expect(curve(run, 'train/loss', 'epoch').map((p) => p.x)).toEqual([0.5, 1, 1.5, 2]);
    expect(curve(run, 'train/loss', 'time').map((p) => p.x)).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(curve(run, 'validation/acc', 'step')).toEqual([
      { x: 2, y: 0.5 },
      { x: 4, y: 0.7 },
    ]);
  });

  it('lists only the flags that differ, with each run’s value', () => {
    const a = record('a');
    const b = record('b', { config: { ...a.config, lr: 0.01, conv_dim: 8 } });
    expect(configDiff([a, b])).toEqual([
      { flag: 'conv_dim', values: ['–', '8'] },
      { flag: 'lr', values: ['0.001', '0.01'] },
    ]);
  });

  it('writes CSV with quoting, and a run’s metrics with epoch and step columns', () => {
    const csv = runsCsv([runRow(record('a', { name: 'say "hi", twice' }))]);
    expect(csv.split('\n')[1]).toContain('"say ""hi"", twice"');
    const metrics = runMetricsCsv(record('a')).trim().split('\n');
    expect(metrics[0]).toBe('epoch,step,test/acc,train/loss_step,validation/acc,validation/loss');
    expect(metrics[1]).toBe('0,1,,2,,');
    expect(metrics[5]).toBe('0,2,,,0.5,1.2');
    expect(metrics.at(-1)).toBe(',4,0.65,,,');
  });
});
