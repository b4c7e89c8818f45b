import { describe, expect, it } from 'vitest';
import { appendPoint, emptySeries, plotted } from './series';

describe('capped series', () => {
  it('keeps every point under the cap', () => {
    let s = emptySeries;
    for (let i = 1; i <= 4; i++) s = appendPoint(s, i, i * 10, 4);
    expect(plotted(s)).toEqual([
      { x: 1, y: 10 },
      { x: 2, y: 20 },
      { x: 3, y: 30 },
      { x: 4, y: 40 },
    ]);
  });

  it('merges pairs past the cap and averages new points in buckets of the new stride', () => {
    let s = emptySeries;
    for (let i = 1; i <= 5; i++) s = appendPoint(s, i, i, 4);
    expect(s.stride).toBe(2);
    expect(plotted(s)).toEqual([
      { x: 2, y: 1.5 },
      { x: 4, y: 3.5 },
      { x: 5, y: 5 },
    ]);
    s = appendPoint(s, 6, 6, 4);
    // A half-full bucket is plotted as the last point.
    expect(plotted(s).at(-1)).toEqual({ x: 6, y: 6 });
    s = appendPoint(s, 7, 8, 4);
    expect(plotted(s).at(-1)).toEqual({ x: 7, y: 7 });
    expect(s.pending).toBeUndefined();
  });
});
