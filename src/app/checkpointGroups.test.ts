import { describe, expect, it } from 'vitest';
import type { CheckpointRecord } from '../workers/protocol';
import { groupByRun, splitMetrics } from './checkpointGroups';

const record = (runName: string, epoch: number, createdAt: string, bytes = 100) =>
  ({ id: `${runName}/epoch=${epoch}.ckpt`, runName, epoch, createdAt, bytes }) as CheckpointRecord;

describe('groupByRun', () => {
  it('groups by run, newest run first, latest epoch first, with the bytes of each run', () => {
    const groups = groupByRun([
      record('a', 0, '2026-01-01T00:00:00.000Z', 10),
      record('b', 0, '2026-01-02T00:00:00.000Z', 20),
      record('a', 2, '2026-01-03T00:00:00.000Z', 30),
      record('a', 1, '2026-01-02T12:00:00.000Z', 40),
    ]);
    expect(groups.map((g) => [g.runName, g.records.map((r) => r.epoch), g.bytes])).toEqual([
      ['a', [2, 1, 0], 80],
      ['b', [0], 20],
    ]);
    expect(groups[0].newest).toBe('2026-01-03T00:00:00.000Z');
  });

  it('lists nothing for no checkpoints', () => {
    expect(groupByRun([])).toEqual([]);
  });
});

describe('splitMetrics', () => {
  it("picks one split's metrics and drops the split from their names", () => {
    const metrics = { 'validation/loss': 0.5, 'validation/cer': 0.1, 'test/acc': 0.9 };
    expect(splitMetrics(metrics, 'validation')).toEqual([
      { name: 'loss', value: 0.5 },
      { name: 'cer', value: 0.1 },
    ]);
    expect(splitMetrics(metrics, 'test')).toEqual([{ name: 'acc', value: 0.9 }]);
    expect(splitMetrics(undefined, 'test')).toEqual([]);
  });
});
