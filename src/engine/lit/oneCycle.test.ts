import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../testing/wasmBackend';
import { LitModel } from './litModel';
import { cosineLr, oneCycleLr } from './oneCycle';

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

describe('cosine schedule (PyTorch CosineAnnealingLR, eta_min 0)', () => {
  it('falls from lr to 0 over the steps along half a cosine, then stays at 0', () => {
    expect(cosineLr(0, 0.01, 100)).toBeCloseTo(0.01, 12);
    expect(cosineLr(50, 0.01, 100)).toBeCloseTo(0.005, 12);
    // torch: eta_min + (lr - eta_min) * (1 + cos(pi * t / T_max)) / 2 at t = 25.
    expect(cosineLr(25, 1, 100)).toBeCloseTo((1 + Math.cos(Math.PI / 4)) / 2, 12);
    expect(cosineLr(100, 0.01, 100)).toBeCloseTo(0, 12);
    expect(cosineLr(250, 0.01, 100)).toBeCloseTo(0, 12);
  });

  it("is the LitModel's rate with --cosine_total_steps, and refused beside one-cycle", async () => {
    await useWasmBackend();
    const model = () => tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
    const base = { optimizer: 'adam', lr: 0.01, oneCycleTotalSteps: 100, cosineTotalSteps: 100 };
    const cosine = new LitModel(model(), base);
    expect(cosine.learningRateAt(50)).toBeCloseTo(0.005, 12);
    cosine.dispose();
    const both = model();
    expect(() => new LitModel(both, { ...base, oneCycleMaxLr: 0.1 })).toThrow(
      'Choose one learning-rate schedule: --one_cycle_max_lr or --cosine_total_steps, not both.',
    );
    both.dispose();
  });
});
