import { describe, expect, it } from 'vitest';
import { createRng, hashSeed, permutation } from './rng';

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
  });

  it('gives floats in [0, 1) and roughly uniform integers in [0, n)', () => {
    const rng = createRng(123);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      counts[rng.nextInt(10)]++;
    }
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('rejects bad seeds and bounds', () => {
    expect(() => createRng(1.5)).toThrow(/integer/);
    expect(() => createRng(1).nextInt(0)).toThrow(/nextInt/);
  });
});

describe('permutation', () => {
  it('is a permutation, deterministic per seed', () => {
    const p = permutation(1000, 42);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(permutation(1000, 42)).toEqual(p);
    expect(permutation(1000, 43)).not.toEqual(p);
    expect(Array.from(p.subarray(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('handles empty and single-element inputs', () => {
    expect(permutation(0, 1).length).toBe(0);
    expect(Array.from(permutation(1, 1))).toEqual([0]);
  });
});

describe('hashSeed', () => {
  it('mixes parts into distinct 32-bit seeds, order-sensitive', () => {
    const seeds = new Set<number>();
    for (let epoch = 0; epoch < 50; epoch++)
      for (let step = 0; step < 50; step++) seeds.add(hashSeed(42, epoch, step));
    expect(seeds.size).toBe(2500);
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(hashSeed(1, 2)).toBe(hashSeed(1, 2));
    expect(hashSeed(2 ** 40)).not.toBe(hashSeed(0));
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });

  it('rejects non-integers', () => {
    expect(() => hashSeed(0.5)).toThrow(/integer/);
  });
});
