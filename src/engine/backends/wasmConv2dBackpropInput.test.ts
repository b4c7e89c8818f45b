import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { type ConvCase, convComparison, expectClose } from '../../testing/convCompare';
import { expectNoLeakAcrossSteps } from '../../testing/repeatedSteps';
import { initBackend } from './initBackend';

// Windows over the full height ('valid', one output row), as line models' window layers are.
const cases: ConvCase[] = [
  {
    name: '7x3 over 7 rows, 8 -> 16 channels (LineCNNTransformer)',
    xShape: [2, 7, 12, 8],
    filterShape: [7, 3, 8, 16],
    strides: 1,
    pad: 'valid',
  },
  {
    name: '4x1 over 4 rows, 3 -> 5 channels',
    xShape: [3, 4, 6, 3],
    filterShape: [4, 1, 3, 5],
    strides: 1,
    pad: 'valid',
  },
  {
    name: "3x2 over 3 rows, 'same' in width only by explicit padding",
    xShape: [1, 3, 5, 2],
    filterShape: [3, 2, 2, 4],
    strides: 1,
    pad: [
      [0, 0],
      [0, 0],
      [1, 0],
      [0, 0],
    ],
  },
];

describe('wasm Conv2DBackpropInput of a window over the full height', () => {
  beforeAll(() => initBackend('wasm'));
  const compare = convComparison();

  it.each(cases)('matches cpu: $name', async (c) => {
    const { expected, actual } = await compare(c);
    expectClose(actual.y, expected.y);
    expectClose(actual.dx, expected.dx);
  });

  it('does not leak tensors or wasm buffers', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 7, 12, 8], 0, 1, 'float32', 4) as tf.Tensor4D;
    const w = tf.randomNormal([7, 3, 8, 16], 0, 1, 'float32', 5) as tf.Tensor4D;
    const step = () =>
      tf.tidy(() => {
        const dx = tf.grad((a: tf.Tensor) =>
          tf
            .conv2d(a as tf.Tensor4D, w, 1, 'valid')
            .square()
            .sum(),
        )(x);
        return dx.sum();
      });
    expectNoLeakAcrossSteps(step);
    tf.dispose([x, w]);
  });
});
