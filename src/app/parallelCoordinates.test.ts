import { describe, expect, it } from 'vitest';
import type { TrialResult } from '../engine/sweep/sweepResults';
import { parallelCoordinates } from './parallelCoordinates';

const result = (
  index: number,
  params: TrialResult['params'],
  status: string,
  loss?: number,
): TrialResult => ({
  index,
  runName: `s-trial-${index}`,
  params,
  status,
  epochs: 1,
  metrics: loss === undefined ? {} : { 'validation/loss': loss },
  durationS: 1,
});

describe('parallelCoordinates', () => {
  const trials = [
    { lr: 0.001, optimizer: 'adam' },
    { lr: 0.1, optimizer: 'sgd' },
    { lr: 0.01, optimizer: 'adam' },
  ];

  it('puts a log-spaced flag on a log axis, choices evenly, the metric by value, ranked', () => {
    const { axes, lines } = parallelCoordinates(
      ['lr', 'optimizer'],
      trials,
      [
        result(0, trials[0], 'completed', 1),
        result(1, trials[1], 'pruned', 3),
        result(2, trials[2], 'error'),
      ],
      'validation/loss',
      'min',
    );
    expect(axes.map((a) => a.name)).toEqual(['lr', 'optimizer', 'validation/loss']);
    expect(axes[0].ticks).toEqual([
      { label: '0.001', y: 0 },
      { label: '0.1', y: 1 },
    ]);
    expect(axes[1].ticks.map((t) => [t.label, t.y])).toEqual([
      ['adam', 0],
      ['sgd', 1],
    ]);
    // The failed trial draws no line; 0.01 sits halfway up the log axis.
    expect(lines).toEqual([
      { index: 0, ys: [0, 0, 0], pruned: false, rank: 0 },
      { index: 1, ys: [1, 1, 1], pruned: true, rank: 1 },
    ]);
    const middle = parallelCoordinates(
      ['lr'],
      trials,
      [result(2, trials[2], 'running')],
      'validation/loss',
      'min',
    );
    expect(middle.lines[0].ys[0]).toBeCloseTo(0.5, 10);
    expect(middle.lines[0].ys[1]).toBeUndefined();
  });

  it('ranks the highest first when higher is better', () => {
    const { lines } = parallelCoordinates(
      ['lr'],
      trials,
      [result(0, trials[0], 'completed', 0.9), result(1, trials[1], 'completed', 0.5)],
      'validation/loss',
      'max',
    );
    expect(lines.map((l) => l.rank)).toEqual([0, 1]);
  });
});
