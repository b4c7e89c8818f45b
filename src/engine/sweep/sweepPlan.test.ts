import { describe, expect, it } from 'vitest';
import { flagsFor } from '../config';
import { planTrials } from './sweepPlan';
import { parseSweepValues, type SweepParam } from './sweepSpec';

const specs = flagsFor('MNIST', 'CNN', []);
const spec = (name: string) => {
  const found = specs.find((s) => s.name === name);
  if (!found) throw new Error(`no flag ${name}`);
  return found;
};
const param = (flag: string, text: string): SweepParam => ({
  flag,
  values: parseSweepValues(spec(flag), text),
});

describe('sweep values', () => {
  it('reads lists and ranges, log scale when a range spans decades', () => {
    expect(parseSweepValues(spec('lr'), '1e-3, 3e-3')).toEqual({
      kind: 'list',
      values: [0.001, 0.003],
    });
    expect(parseSweepValues(spec('conv_dim'), '4,8,8')).toEqual({ kind: 'list', values: [4, 8] });
    expect(parseSweepValues(spec('lr'), '1e-4:1e-2')).toEqual({
      kind: 'range',
      min: 1e-4,
      max: 1e-2,
      scale: 'log',
      integer: false,
    });
    expect(parseSweepValues(spec('conv_dim'), '4:8')).toMatchObject({
      scale: 'linear',
      integer: true,
    });
    expect(parseSweepValues(spec('lr'), '1e-4:1e-2:linear')).toMatchObject({ scale: 'linear' });
  });

  it('checks every value with the flag’s own spec, naming the flag and the value', () => {
    expect(() => parseSweepValues(spec('lr'), '1e-3,abc')).toThrow(
      "--lr expects a number, got 'abc'.",
    );
    expect(() => parseSweepValues(spec('conv_dim'), '4,2.5')).toThrow(
      /--conv_dim expects a whole number, got '2.5'/,
    );
    expect(() => parseSweepValues(spec('lr'), '1e-2:1e-4')).toThrow(
      "--lr range '1e-2:1e-4' must go from a lower to a higher value.",
    );
    expect(() => parseSweepValues(spec('optimizer'), 'Adam:SGD')).toThrow(/not a range/);
    expect(() => parseSweepValues(spec('lr'), '1e-3,')).toThrow(/has an empty value/);
  });
});

describe('planTrials', () => {
  it('enumerates a grid with the first flag changing slowest', () => {
    const trials = planTrials({
      method: 'grid',
      seed: 0,
      params: [param('lr', '1e-3,3e-3'), param('conv_dim', '4,8')],
    });
    expect(trials).toEqual([
      { lr: 0.001, conv_dim: 4 },
      { lr: 0.001, conv_dim: 8 },
      { lr: 0.003, conv_dim: 4 },
      { lr: 0.003, conv_dim: 8 },
    ]);
  });

  it('draws the same random trials for a seed, others for another, within bounds and across decades', () => {
    const params = [param('lr', '1e-5:1e-1'), param('conv_dim', '4,8,16')];
    const a = planTrials({ method: 'random', trials: 200, seed: 7, params });
    expect(planTrials({ method: 'random', trials: 200, seed: 7, params })).toEqual(a);
    expect(planTrials({ method: 'random', trials: 200, seed: 8, params })).not.toEqual(a);
    const lrs = a.map((t) => Number(t.lr));
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(1e-5);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(1e-1);
    // Log-uniform: about a quarter of the draws in each decade; uniform would put 90% in the last.
    expect(lrs.filter((lr) => lr < 1e-4).length).toBeGreaterThan(30);
    expect(new Set(a.map((t) => t.conv_dim))).toEqual(new Set([4, 8, 16]));
  });

  it('refuses a range in a grid, a random search without a budget, and more than 1000 trials', () => {
    expect(() =>
      planTrials({ method: 'grid', seed: 0, params: [param('lr', '1e-4:1e-2')] }),
    ).toThrow(/--lr is a range, which a grid cannot enumerate/);
    expect(() =>
      planTrials({ method: 'random', seed: 0, params: [param('lr', '1e-4:1e-2')] }),
    ).toThrow('A random search needs --trials N');
    const big = [
      param('conv_dim', '1,2,3,4,5,6,7,8,9,10,11'),
      param('fc_dim', '1,2,3,4,5,6,7,8,9,10'),
    ];
    expect(() =>
      planTrials({
        method: 'grid',
        seed: 0,
        params: [...big, param('lr', '0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1')],
      }),
    ).toThrow(/This grid has 1100 trials; at most 1000/);
    expect(planTrials({ method: 'grid', seed: 0, trials: 3, params: big })).toHaveLength(3);
  });
});
