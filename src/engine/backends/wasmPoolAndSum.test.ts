import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultOn as on } from '../../testing/resultOn';
import { initBackend } from './initBackend';

async function expectSameOnBoth(f: () => tf.Tensor, digits = 5): Promise<void> {
  const cpu = await on('cpu', f);
  const wasm = await on('wasm', f);
  await tf.setBackend('wasm');
  expect(wasm.length).toBe(cpu.length);
  let worst = 0;
  for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(wasm[i] - cpu[i]));
  expect(worst).toBeLessThan(10 ** -digits);
}

const values = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

describe('wasm MaxPoolGrad (JS or SIMD on the wasm heap) against cpu', () => {
  beforeAll(() => initBackend('wasm'));

  // Channels in 4s with windows that do not overlap take the SIMD module, the rest JS.
  const cases: [string, number[], number, number, 'valid' | 'same'][] = [
    ['2x2 stride 2 valid, 5 channels', [3, 8, 8, 5], 2, 2, 'valid'],
    ['3x3 stride 2 same, odd size', [2, 7, 9, 3], 3, 2, 'same'],
    ['3x3 stride 1 same (overlapping windows)', [2, 6, 6, 4], 3, 1, 'same'],
    ['2x2 stride 2 valid, trailing row unread', [1, 5, 5, 2], 2, 2, 'valid'],
    ['SIMD: 2x2 stride 2 valid, 8 channels (the lab CNN)', [3, 8, 8, 8], 2, 2, 'valid'],
    ['SIMD: 3x3 stride 3 same, clipped edge windows', [2, 7, 8, 4], 3, 3, 'same'],
    ['SIMD: 2x2 stride 2 valid, trailing row and column unread', [1, 5, 5, 12], 2, 2, 'valid'],
  ];
  for (const [name, shape, size, stride, pad] of cases) {
    it(`matches for ${name}`, async () => {
      const n = shape.reduce((a, b) => a * b);
      const x = values(n, (i) => Math.sin(i * 12.9898) * 43.7);
      // A different upstream gradient at every output, so a misplaced one shows.
      const grad = (input: tf.Tensor) =>
        tf.grad((t: tf.Tensor) => {
          const y = tf.maxPool(t as tf.Tensor4D, size, stride, pad);
          return y.mul(tf.range(1, 1 + y.size).reshape(y.shape));
        })(input);
      await expectSameOnBoth(() => tf.tidy(() => grad(tf.tensor(x, shape))), 3);
    });
  }

  it.each([3, 4])(
    'sends a tied window’s gradient to its first maximum, as cpu does (%i channels)',
    async (channels) => {
      const x = values(2 * 4 * 4 * channels, (i) => Math.floor(i / 7) % 2);
      const f = () =>
        tf.tidy(() => {
          const input = tf.tensor(x, [2, 4, 4, channels]);
          const dy = tf.tensor(
            values(2 * 2 * 2 * channels, (i) => i + 1),
            [2, 2, 2, channels],
          );
          return tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').mul(dy))(
            input,
          );
        });
      await expectSameOnBoth(f);
    },
  );
});

describe('wasm Sum and Mean over the leading axes (a bias gradient, batch statistics) against cpu', () => {
  beforeAll(() => initBackend('wasm'));

  const reductions: [string, typeof tf.sum][] = [
    ['sum', tf.sum],
    ['mean', tf.mean],
  ];
  for (const [shape, axis, keepDims] of [
    [[4, 5, 6, 7], [0, 1, 2], false],
    [[4, 5, 6, 7], [2, 0, 1], true],
    [[9, 3], 0, false],
    [[4, 5, 6, 7], [1, 2], false],
    [[4, 5, 6, 7], -1, false],
    // 16 channels take the SIMD module; 600 rows make two blocks and a partial third.
    [[6, 10, 10, 16], [0, 1, 2], false],
    [[600, 32], 0, true],
  ] as [number[], number | number[], boolean][]) {
    for (const [name, reduce] of reductions) {
      it(`${name} matches for shape [${shape}] axis ${JSON.stringify(axis)} keepDims ${keepDims}`, async () => {
        const n = shape.reduce((a, b) => a * b);
        // Offset from 0, so a mean that forgot to divide is far from cpu's.
        const x = values(n, (i) => 0.5 + Math.cos(i * 0.37));
        await expectSameOnBoth(() => tf.tidy(() => reduce(tf.tensor(x, shape), axis, keepDims)), 4);
        const shapeOut = tf.tidy(() => reduce(tf.tensor(x, shape), axis, keepDims).shape);
        const cpuShape = await (async () => {
          await tf.setBackend('cpu');
          const s = tf.tidy(() => reduce(tf.tensor(x, shape), axis, keepDims).shape);
          await tf.setBackend('wasm');
          return s;
        })();
        expect(shapeOut).toEqual(cpuShape);
      });
    }
  }
});
