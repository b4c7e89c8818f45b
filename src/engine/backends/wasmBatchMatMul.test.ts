import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultOn as on } from '../../testing/resultOn';
import { initBackend } from './initBackend';

describe('wasm BatchMatMul with transposes (explicit transpose + matmul)', () => {
  beforeAll(() => initBackend('wasm'));

  for (const [transposeA, transposeB] of [
    [true, false],
    [false, true],
    [true, true],
    [false, false],
  ]) {
    it(`matches cpu for transposeA=${transposeA} transposeB=${transposeB}`, async () => {
      // Logical product [3,7,5] x [3,5,4]; a transposed operand is stored with its last axes swapped.
      const aShape = transposeA ? [3, 5, 7] : [3, 7, 5];
      const bShape = transposeB ? [3, 4, 5] : [3, 5, 4];
      const a = Array.from({ length: 105 }, (_, i) => Math.sin(i * 1.7));
      const b = Array.from({ length: 60 }, (_, i) => Math.cos(i * 0.9));
      const run = () =>
        tf.tidy(() =>
          tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB),
        );
      const [wasm, cpu] = [await on('wasm', run), await on('cpu', run)];
      await tf.setBackend('wasm');
      expect(wasm.length).toBe(3 * 7 * 4);
      for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i], 5);
    });
  }

  it.each([
    [1, 37, 12, 16],
    [1, 128, 64, 8],
  ])(
    'matches cpu for aᵀ·b on the SIMD module: [%i, %i, %i]ᵀ x [.., .., %i]',
    async (batch, rows, m, n) => {
      const a = Array.from({ length: batch * rows * m }, (_, i) => Math.sin(i * 1.3));
      const b = Array.from({ length: batch * rows * n }, (_, i) => Math.cos(i * 0.7));
      const run = () =>
        tf.tidy(() =>
          tf.matMul(tf.tensor(a, [batch, rows, m]), tf.tensor(b, [batch, rows, n]), true, false),
        );
      const [wasm, cpu] = [await on('wasm', run), await on('cpu', run)];
      await tf.setBackend('wasm');
      expect(wasm.length).toBe(batch * m * n);
      for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i], 4);
    },
  );

  it('frees its transposed copies', async () => {
    await tf.setBackend('wasm');
    const a = tf.randomNormal([64, 32]);
    const b = tf.randomNormal([64, 16]);
    tf.matMul(a, b, true, false).dispose();
    const before = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) tf.matMul(a, b, true, false).dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
    tf.dispose([a, b]);
  });
});
