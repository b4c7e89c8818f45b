import { describe, expect, it } from 'vitest';
import { integerTicks } from './integerTicks';

describe('integerTicks', () => {
  it('spaces ticks by 1, 2 or 5 times a power of ten over the whole range', () => {
    expect(integerTicks(0, 321)).toEqual([0, 100, 200, 300]);
    expect(integerTicks(0, 120)).toEqual([0, 50, 100]);
    expect(integerTicks(0, 9)).toEqual([0, 5]);
    expect(integerTicks(0, 8)).toEqual([0, 2, 4, 6, 8]);
    expect(integerTicks(3, 17)).toEqual([5, 10, 15]);
  });

  it('never gives a fraction, and one tick for a single point', () => {
    expect(integerTicks(0, 2)).toEqual([0, 1, 2]);
    expect(integerTicks(0, 1)).toEqual([0, 1]);
    expect(integerTicks(4, 4)).toEqual([4]);
    expect(integerTicks(Number.NaN, 3)).toEqual([]);
  });

  it('ends where floats cannot step from lo to hi (a stepping loop never got past 2^60)', () => {
    expect(integerTicks(2 ** 60, 2 ** 60 + 256)).toHaveLength(3);
    expect(integerTicks(0, Number.MAX_VALUE)).toEqual([0, 5e307, 1e308, 1.5e308]);
  });
});
