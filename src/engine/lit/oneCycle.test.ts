import { describe, expect, it } from 'vitest';
import { oneCycleLr } from './oneCycle';

describe('one-cycle schedule (PyTorch OneCycleLR defaults)', () => {
  it('starts at max/25, peaks at 30% of the steps and ends at max/25/1e4', () => {
    const max = 0.01;
    expect(oneCycleLr(0, max, 100)).toBeCloseTo(max / 25, 12);
    expect(oneCycleLr(29, max, 100)).toBeCloseTo(max, 12);
    expect(oneCycleLr(99, max, 100)).toBeCloseTo(max / 25 / 1e4, 12);
    expect(oneCycleLr(500, max, 100)).toBeCloseTo(max / 25 / 1e4, 12);
  });

  it('matches PyTorch’s cosine annealing at a midpoint of each phase', () => {
    // torch.optim.lr_scheduler.OneCycleLR(max_lr=1, total_steps=100): step 14 and step 64.
    const up = 1 / 25 + ((1 - 1 / 25) / 2) * (1 - Math.cos((Math.PI * 14) / 29));
    expect(oneCycleLr(14, 1, 100)).toBeCloseTo(up, 12);
    const end = 1 / 25 / 1e4;
    const down = end + ((1 - end) / 2) * (1 + Math.cos((Math.PI * (64 - 29)) / 70));
    expect(oneCycleLr(64, 1, 100)).toBeCloseTo(down, 12);
  });

  it('rises then falls monotonically', () => {
    const lrs = Array.from({ length: 100 }, (_, i) => oneCycleLr(i, 1, 100));
    for (let i = 1; i < 30; i++) expect(lrs[i]).toBeGreaterThan(lrs[i - 1]);
    for (let i = 30; i < 100; i++) expect(lrs[i]).toBeLessThan(lrs[i - 1]);
  });
});
