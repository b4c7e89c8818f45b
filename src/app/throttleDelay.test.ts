import { describe, expect, it } from 'vitest';
import { throttleDelay } from './throttleDelay';

describe('throttleDelay', () => {
  it('waits for the next slot of its phase', () => {
    expect(throttleDelay(1200, Number.NEGATIVE_INFINITY, 1000, 0)).toBe(800);
    expect(throttleDelay(1200, Number.NEGATIVE_INFINITY, 1000, 500)).toBe(300);
    expect(throttleDelay(1600, Number.NEGATIVE_INFINITY, 1000, 500)).toBe(900);
  });

  it('shows at once when exactly on a slot and nothing was shown recently', () => {
    expect(throttleDelay(2500, Number.NEGATIVE_INFINITY, 1000, 500)).toBe(0);
  });

  it('keeps a full interval after the last update, even if a slot comes sooner', () => {
    expect(throttleDelay(2000, 1900, 1000, 0)).toBe(900);
  });

  it('gives charts with different phases different times', () => {
    const now = 10_123;
    const times = [0, 250, 500].map((phase) => now + throttleDelay(now, -Infinity, 1000, phase));
    expect(new Set(times.map((t) => t % 1000))).toEqual(new Set([0, 250, 500]));
  });
});
